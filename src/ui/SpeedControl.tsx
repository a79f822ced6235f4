import { useId } from 'react';
import { SPEEDS, useAppStore } from '../store';

export function formatSpeed(speed: number): string {
  return `${speed}×`;
}

export function SpeedControl() {
  const id = useId();
  const speed = useAppStore((s) => s.speed);
  const setSpeed = useAppStore((s) => s.setSpeed);
  return (
    <span className="speed">
      <label htmlFor={id}>Speed</label>
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
