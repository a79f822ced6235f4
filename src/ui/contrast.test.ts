import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Colour contrast of the variable pairs that carry text or marks, computed from the
 * stylesheets' own text in both themes, so a change of colour cannot quietly make a label
 * unreadable (WCAG 2: 4.5:1 for text, 3:1 for large text and marks).
 */
const css = (file: string) => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
const FILES = ['app.css', 'presenter.css', 'timeline.css', 'embed.css', 'share.css', 'editor.css'];

type Theme = 'light' | 'dark';

/** `--name: light-dark(#light, #dark)` or `--name: #both` in a file's `:root { }` block. */
function themeVariables(text: string): Map<string, Record<Theme, string>> {
  const vars = new Map<string, Record<Theme, string>>();
  for (const block of text.matchAll(/(?:^|\n):root\s*\{([^}]*)\}/g)) {
    for (const m of block[1].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) {
      const value = m[2].trim();
      const pair = /^light-dark\(\s*(#[0-9a-f]{3,8})\s*,\s*(#[0-9a-f]{3,8})\s*\)$/i.exec(value);
      if (pair !== null) vars.set(m[1], { light: pair[1], dark: pair[2] });
      else if (/^#[0-9a-f]{3,8}$/i.test(value)) vars.set(m[1], { light: value, dark: value });
    }
  }
  return vars;
}

function channels(hex: string): [number, number, number] {
  const h = hex.slice(1);
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** WCAG 2 relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) =>
    c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const VARS = new Map(FILES.flatMap((file) => [...themeVariables(css(file))]));

/** [foreground, background, least ratio, what it is]. */
const PAIRS: [string, string, number, string][] = [
  ['--primary-fg', '--primary-bg', 4.5, 'white on a primary button (Play)'],
  ['--primary-fg', '--primary-bg-hover', 4.5, 'white on a hovered primary button'],
  ['--danger-label', '--down-bg', 4.5, '"down" on a dead broker\'s card'],
  ['--danger-label', '--danger-bg', 4.5, '"OFFLINE" on an offline replica row'],
  ['--danger-label', '--surface', 4.5, '"OFFLINE: no leader" beside a log strip'],
  ['--danger-label', '--bg', 4.5, '"OFFLINE: no leader" on the page'],
  ['--down-fg', '--down-bg', 4.5, "names on a dead broker's card"],
  ['--leader-fg', '--leader-bg', 4.5, 'a leader row'],
  ['--fg', '--surface', 4.5, 'text'],
  ['--fg', '--bg', 4.5, 'text on the page'],
  ['--muted', '--surface', 4.5, 'secondary text'],
  ['--fg', '--narration-bg', 4.5, 'the caption'],
  ['--fg', '--danger-bg', 4.5, 'the announcement'],
  ['--presenter-band-fg', '--presenter-band-bg', 4.5, 'the presenter caption band'],
  ['--tl-failure', '--surface', 3, 'a failure marker'],
  ['--tl-recovery', '--surface', 3, 'a recovery marker'],
  ['--tl-election', '--surface', 3, 'an election marker'],
  ['--tl-lost', '--surface', 3, 'a data-loss marker'],
  ['--tl-action', '--surface', 3, 'an action marker'],
];

describe('theme colours', () => {
  it('are read from every stylesheet, each written once for both themes', () => {
    for (const name of ['--primary-bg', '--danger-label', '--down-bg', '--tl-failure'])
      expect(VARS.has(name), name).toBe(true);
    expect(VARS.get('--primary-bg')).toEqual({ light: '#1d4ed8', dark: '#2563eb' });
  });

  it('no stylesheet themes itself by media query: data-theme and light-dark() do', () => {
    for (const file of FILES)
      expect(css(file), file).not.toMatch(/@media[^{]*prefers-color-scheme/);
    const app = css('app.css');
    expect(app).toMatch(/:root\[data-theme='light'\]\s*\{\s*color-scheme: light;/);
    expect(app).toMatch(/:root\[data-theme='dark'\]\s*\{\s*color-scheme: dark;/);
    expect(app).toMatch(/:root\s*\{[^}]*color-scheme: light dark;/);
  });

  describe.each(['light', 'dark'] as const)('%s theme', (theme) => {
    it.each(PAIRS)('%s on %s ≥ %d:1 (%s)', (fg, bg, least) => {
      const ratio = contrastRatio(VARS.get(fg)![theme], VARS.get(bg)![theme]);
      expect(Math.round(ratio * 100) / 100).toBeGreaterThanOrEqual(least);
    });
  });

  it('the labels use those pairs, and a dead broker is not dimmed by opacity', () => {
    const app = css('app.css');
    const rules = [...app.matchAll(/([^{}]+)\{([^}]*)\}/g)].map((m) => ({
      selectors: m[1].split(',').map((s) => s.replace(/\/\*[\s\S]*?\*\//g, '').trim()),
      body: m[2],
    }));
    const fillOf = (selector: string) =>
      rules
        .filter((r) => r.selectors.includes(selector))
        .map((r) => /(?:^|\s|;)fill:\s*([^;]+);/.exec(r.body)?.[1])
        .filter((v) => v !== undefined);
    for (const selector of [
      '.replica.offline .replica-role',
      '.broker.down .replica-role',
      '.strip.offline .strip-leader',
    ])
      expect(fillOf(selector), selector).toContain('var(--danger-label)');
    expect(
      rules
        .filter((r) => r.selectors.some((s) => s.startsWith('.broker.down')))
        .filter((r) => /(^|\s|;)opacity:/.test(r.body))
        .flatMap((r) => r.selectors),
    ).toEqual([]);
    expect(rules.filter((r) => r.selectors.includes('.button.primary')).map((r) => r.body)).toEqual(
      [expect.stringMatching(/background: var\(--primary-bg\);[\s\S]*color: var\(--primary-fg\);/)],
    );
  });

  it('computes WCAG ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777', '#777')).toBe(1);
    // The defect this guards: white on the dark theme's old button blue was 3.68:1.
    expect(contrastRatio('#ffffff', '#3b82f6')).toBeLessThan(4.5);
  });
});
