import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEY_COLOR_COUNT } from './keyColor';

/**
 * Where a key's colour (`--key`) is set. A record cell (`g.record`) gets another record on
 * every seek, often of another key; a custom property set on the cell is inherited by its
 * texts and title too, and the browser styled all six elements of each such cell again. The
 * colour is set on the cell's two shapes instead (`.record.key-N > rect`), and on anything else
 * with a key class (the legend's entries) as before.
 */
const css = readFileSync(new URL('../ui/app.css', import.meta.url), 'utf8');

/** Each rule's selectors whose declarations set `--key`. */
function keySelectors(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/([^{}]+)\{([^}]*)\}/g))
    if (/(^|[;\s])--key\s*:/.test(m[2]))
      out.push(...m[1].split(',').map((s) => s.replace(/\/\*[\s\S]*?\*\//g, '').trim()));
  return out;
}

describe('key colours in app.css', () => {
  const selectors = keySelectors(css);

  it('every key class colours a record cell’s shapes and the other elements with it', () => {
    for (let i = 0; i < KEY_COLOR_COUNT; i++) {
      expect(selectors).toContain(`.record.key-${i} > rect`);
      expect(selectors).toContain(`.key-${i}:not(.record)`);
    }
  });

  it('no rule sets --key on a record cell itself (its texts would inherit the change)', () => {
    expect(settingOnCell(selectors)).toEqual([]);
    // What the rules were before: `.key-N` matched the cell (`g.record.key-N`) itself.
    expect(
      settingOnCell(keySelectors('.record { --key: x; } .key-3 { --key: var(--k3); }')),
    ).toEqual(['.record', '.key-3']);
  });
});

/** Selectors whose subject can be a record cell: `.record` or a key class, not ruled out. */
function settingOnCell(list: readonly string[]): string[] {
  return list.filter((s) => {
    const subject = s.split(/\s*[>+~]\s*|\s+/).at(-1)!;
    if (subject.includes(':not(.record)')) return false;
    return /\.record(?![\w-])/.test(subject) || /\.key-(\d|null)/.test(subject);
  });
}
