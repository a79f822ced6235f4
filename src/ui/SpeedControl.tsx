import { useId } from 'react';
import { SPEEDS, useAppStore } from '../store';

export function formatSpeed(speed: number): string {
  return `${speed}×`;
}

/** The speed selector; `labelHidden`: its "Speed" label for assistive technology only. */
export function SpeedControl({ labelHidden = false }: { labelHidden?: boolean }) {
  const id = useId();
  const speed = useAppStore((s) => s.speed);
  const setSpeed = useAppStore((s) => s.setSpeed);
  return (
    <span className="speed">
      <label htmlFor={id} className={labelHidden ? 'visually-hidden' : undefined}>
        Speed
      </label>
      <select id={id} value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {formatSpeed(s)}
          </option>
        ))}
      </select>
    </span>
  );
}
