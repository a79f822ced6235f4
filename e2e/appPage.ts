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

  recordCells(): Locator {
    return this.page.locator('g.record');
  }

  async strip(topic: string, partition: number): Promise<DrawnStrip> {
    const strip = this.page.locator(
      `g.strip[data-topic="${topic}"][data-partition="${partition}"]`,
    );
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
