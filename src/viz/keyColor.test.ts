import { describe, expect, it } from 'vitest';
import { KEY_COLOR_COUNT, keyColorClass, keyColorIndex, keyLabel } from './keyColor';

describe('key colours', () => {
  it('gives a key the same colour every time', () => {
    expect(keyColorIndex('alice')).toBe(keyColorIndex('alice'));
    expect(keyColorClass('alice')).toBe(`key-${keyColorIndex('alice')}`);
  });

  it('stays within the palette', () => {
    for (const key of ['', 'a', 'order-123', 'ключ', 'x'.repeat(500)]) {
      expect(keyColorIndex(key)).toBeGreaterThanOrEqual(0);
      expect(keyColorIndex(key)).toBeLessThan(KEY_COLOR_COUNT);
    }
  });

  it("tells the default lesson's four keys apart", () => {
    const colours = new Set(['alice', 'bob', 'carol', 'dave'].map(keyColorIndex));
    expect(colours.size).toBe(4);
  });

  it('shows null keys as ∅ with their own class', () => {
    expect(keyColorClass(null)).toBe('key-null');
    expect(keyLabel(null)).toBe('∅');
  });

  it('shortens long keys', () => {
    expect(keyLabel('carol')).toBe('carol');
    expect(keyLabel('customer-42')).toBe('custo…');
  });
});
