import { useId, useState } from 'react';
import { useAppStore } from '../store';

/** Restart with another seed: same scenario, different random choices (jitter, placement, keys). */
export function SeedControl() {
  const id = useId();
  const seed = useAppStore((s) => s.seed);
  const restart = useAppStore((s) => s.restart);
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? (seed === null ? '' : String(seed));
  const apply = () => {
    const n = Number(value);
    if (value.trim() !== '' && Number.isSafeInteger(n) && n >= 0) restart(n);
    setDraft(null);
  };
  return (
    <form
      className="seed"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label htmlFor={id}>Seed</label>
      <input
        id={id}
        className="mono"
        inputMode="numeric"
        value={value}
        onChange={(e) => setDraft(e.target.value)}
        size={6}
      />
      <button type="submit" className="button small" disabled={seed === null}>
        Restart with seed
      </button>
    </form>
  );
}
