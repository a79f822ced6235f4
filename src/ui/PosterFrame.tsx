import { useEffect } from 'react';
import { selectCanStep, useAppStore, useAppStoreApi } from '../store';
import { ariaKeysFor } from './shortcuts';
import './embed.css';

/**
 * The poster frame: in an embed that waits for its reader (no `&autoplay`), the picture at its
 * start moment (`&start=caption:N`, `&t=`, or 0 s) stands still under a large Play button, so a
 * reader who never presses it still sees the lesson's picture, and one who does knows how.
 * The button, Space or Enter plays; the picture under it stays usable (a broker can be killed
 * before playing). It goes for good once the run has played or the reader has acted.
 */
export function PosterFrame() {
  const store = useAppStoreApi();
  const shown = useAppStore((s) => s.poster);
  const ready = useAppStore((s) => s.loadStatus === 'ready' && s.snapshot !== null);
  const canPlay = useAppStore(selectCanStep);
  const caption = useAppStore((s) => s.narration?.text ?? null);

  useEffect(() => {
    // Played by any means (the bar, Space, the embed API): the poster has done its work.
    return store.subscribe((s) => {
      if (s.poster && (s.playing || s.sessionLog.length > 0)) s.setPoster(false);
    });
  }, [store]);

  useEffect(() => {
    if (!shown) return;
    // Enter plays too, unless a control has focus (it then presses that control).
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.key !== 'Enter' || e.defaultPrevented) return;
      const target = e.target;
      if (target instanceof Element && target.closest('button, a, input, select, textarea')) return;
      e.preventDefault();
      store.getState().play();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shown, store]);

  if (!shown || !ready || !canPlay) return null;
  return (
    <div className="poster" data-poster="">
      <button
        type="button"
        className="poster-play"
        aria-label="Play the simulation"
        aria-keyshortcuts={`${ariaKeysFor('togglePlay')} Enter`}
        aria-describedby={caption === null ? undefined : 'poster-caption'}
        onClick={() => store.getState().play()}
      >
        <span aria-hidden="true" className="poster-play-icon">
          ▶
        </span>
        <span className="poster-play-label">Play</span>
      </button>
      {caption !== null && (
        <p id="poster-caption" className="visually-hidden">
          {caption}
        </p>
      )}
    </div>
  );
}
