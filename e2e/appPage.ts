import type { Command } from '../src/engine';
import { expect, type Locator, type Page } from '@playwright/test';

/** A record cell as the page draws it. */
export interface DrawnRecord {
  offset: number;
  key: string | null;
}

/** What a partition's log strip says about itself. */
export interface DrawnStrip {
  logEndOffset: number;
  highWatermark: number;
  firstDrawnOffset: number;
  recordsOmitted: number;
  records: DrawnRecord[];
}

/** The kafkascope page, driven as a person would (plus the run identity on `#app`). */
export class AppPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('#app');
  }

  /** Opens the app with a query string ("?t=12s") and waits until the scenario loaded or failed. */
  async open(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await expect(this.root).toHaveAttribute('data-status', /^(ready|failed)$/, { timeout: 15_000 });
  }

  button(name: 'Play' | 'Pause' | 'Step' | 'Restart'): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  async timeMs(): Promise<number> {
    return Number(await this.root.getAttribute('data-time-ms'));
  }

  async eventCount(): Promise<number> {
    return Number(await this.root.getAttribute('data-event-count'));
  }

  async traceHash(): Promise<string | null> {
    return this.root.getAttribute('data-trace-hash');
  }

  /** What the app says it did: seed, virtual time, trace hash and the session log. */
  async session(): Promise<{
    seed: number;
    timeMs: number;
    traceHash: string;
    sessionLog: { atMs: number; command: Command }[];
  }> {
    return this.root.evaluate((el) => ({
      seed: Number(el.getAttribute('data-seed')),
      timeMs: Number(el.getAttribute('data-time-ms')),
      traceHash: el.getAttribute('data-trace-hash') ?? '',
      sessionLog: JSON.parse(el.getAttribute('data-session-log') ?? '[]'),
    }));
  }

  /** The aria-live region announcing failovers and rebalances. */
  announcer(): Locator {
    return this.page.locator('.announcer[aria-live="polite"]');
  }

  broker(id: number): Locator {
    return this.page.getByRole('group', { name: `Broker ${id}`, exact: true });
  }

  replica(topic: string, partition: number, broker: number, role: string): Locator {
    return this.page.getByRole('img', {
      name: `${topic}-${partition} on broker ${broker}: ${role}`,
      exact: true,
    });
  }

  /** Sets the speed and plays. */
  async play(speed: string): Promise<void> {
    await this.page.getByLabel('Speed').selectOption(speed);
    await this.button('Play').click();
  }

  /**
   * Pauses if playing. Retried: a click landing just as the scenario reaches its end (playback
   * stops there) would toggle it back to playing.
   */
  async pause(): Promise<void> {
    await expect(async () => {
      if ((await this.root.getAttribute('data-playing')) === 'true')
        await this.button('Pause').click({ timeout: 3000 });
      await expect(this.button('Play')).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 20_000 });
  }

  /** The time slider (focused: its keys seek; see `seekBy`). */
  timeline(): Locator {
    return this.page.getByRole('slider', { name: 'Time', exact: true });
  }

  /** Seeks with the timeline's keys: whole seconds (Shift+→ / Shift+←), so the moment is exact. */
  async seekBy(seconds: number): Promise<void> {
    const before = await this.timeMs();
    await this.timeline().focus();
    const key = seconds >= 0 ? 'Shift+ArrowRight' : 'Shift+ArrowLeft';
    for (let i = 0; i < Math.abs(seconds); i++) await this.page.keyboard.press(key);
    await expect(this.root).toHaveAttribute(
      'data-time-ms',
      String(Math.max(0, before + seconds * 1000)),
    );
  }

  /**
   * Goes to a whole second of the run with the timeline's keys (Home, then Shift+→): seeking
   * pauses, so this also stops a playing run at an exact moment.
   */
  async seekTo(seconds: number): Promise<void> {
    // Its keys do nothing until the run can move (a scenario loading, or one that failed).
    await expect(this.timeline()).not.toHaveAttribute('aria-disabled', 'true');
    await this.timeline().focus();
    await this.page.keyboard.press('Home');
    await expect(this.root).toHaveAttribute('data-time-ms', '0');
    await expect(this.root).toHaveAttribute('data-playing', 'false');
    await this.seekBy(seconds);
  }

  /** Opens scenario text through "Open scenario…" (the hidden file input), as a chosen file. */
  async openFile(name: string, text: string | Buffer): Promise<void> {
    await this.page.getByLabel('Scenario file').setInputFiles({
      name,
      mimeType: name.endsWith('.json') ? 'application/json' : 'text/yaml',
      buffer: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
    });
  }

  /** The scenario's title as the header shows it. */
  title(): Locator {
    return this.page.getByRole('banner').locator('h1.scenario-title');
  }

  /**
   * Share → "Copy link" or "Copy embed code", and what was copied: the clipboard's text (grant
   * clipboard-read and clipboard-write), or the text shown to copy by hand when copying was
   * refused. Closes the menu again.
   */
  async copyFromShare(item: 'Copy link' | 'Copy embed code'): Promise<string> {
    await this.page.getByRole('button', { name: 'Share', exact: true }).click();
    await this.page.getByRole('button', { name: item, exact: true }).click();
    const status = this.page.locator('.share-status');
    await expect(status).toHaveText(/copied$|^Copying was not allowed/);
    const manual = this.page.locator('.manual-copy textarea');
    const text = (await manual.count())
      ? await manual.inputValue()
      : await this.page.evaluate(() => navigator.clipboard.readText());
    await this.page.keyboard.press('Escape');
    await expect(status).toHaveCount(0);
    return text;
  }

  recordCells(): Locator {
    return this.page.locator('g.record');
  }

  async strip(topic: string, partition: number): Promise<DrawnStrip> {
    const strip = this.page.locator(
      `g.strip[data-topic="${topic}"][data-partition="${partition}"]`,
    );
    // Records are drawn for strips on screen only.
    await strip.scrollIntoViewIfNeeded();
    await expect(strip).toHaveAttribute('data-drawn', 'true');
    return strip.evaluate((g) => {
      const num = (name: string) => Number(g.getAttribute(name));
      return {
        logEndOffset: num('data-log-end-offset'),
        highWatermark: num('data-high-watermark'),
        firstDrawnOffset: num('data-first-drawn-offset'),
        recordsOmitted: num('data-records-omitted'),
        records: [...g.querySelectorAll('g.record')].map((r) => ({
          offset: Number(r.getAttribute('data-offset')),
          key: r.getAttribute('data-key'),
        })),
      };
    });
  }
}
