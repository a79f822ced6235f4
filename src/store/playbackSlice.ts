import { dict } from '../engine/light';
import { EMPTY_ACTIVITY } from '../runtime/light';
import { questionBetween, typedAnswerIsRight } from '../scenario/questionRules';
import { CHALLENGES_STORAGE_KEY, readSolved, readStoredObject, scoreKeyOf } from './storedJson';

export { scoreKeyOf } from './storedJson';
import type { AnswerOutcome } from '../scenario';
import type { AppSlice, GivenAnswer, PlaybackSlice, QuizScores, SliceContext } from './slices';

/** The speed control's choices; `setSpeed` clamps to the ends. */
export const SPEEDS: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 5, 10];
export const MIN_SPEED = SPEEDS[0];
export const MAX_SPEED = SPEEDS[SPEEDS.length - 1];

/** A long frame (a background tab, a breakpoint) advances at most this much wall time. */
export const MAX_FRAME_ELAPSED_MS = 100;

/** Idle time left that indexing stops at, so the browser's own idle work still gets done. */
export const INDEX_RESERVE_MS = 1;
/**
 * Wall time each idle callback may index for even when the browser offers none: while
 * playing keeps every frame busy, requestIdleCallback fires on its timeout with no time left,
 * and without a floor the index would not move at all (lesson 8 at 1×: 0% at 13 s).
 * 1 ms: with 3 ms, slices forced between busy frames pushed frames past the vsync (8×32
 * bench 57.4 → 58.0 fps, interleaved runs); the index did not move slower (the 1,000-partition
 * bench: 5 % → 12 % indexed after 20 s of play, the 8×32 one 35 % → 43 %), since what idle
 * time there is still goes to it. While paused the page has nothing else to do, so it indexes
 * in larger slices.
 */
export const INDEX_SLICE_PLAYING_MS = 1;
export const INDEX_SLICE_PAUSED_MS = 12;
/**
 * How long indexing waits for an idle moment before taking its slice anyway. While playing a
 * busy cluster the page is never idle; with a 1 s wait the index crawled (3 ms a second: 3 %
 * of the 8×32 bench's 10 minutes scanned after a minute of play). Every 100 ms it gets a
 * guaranteed ~3 % of the time and markers are ready early in a first play-through.
 */
export const INDEX_WAIT_PLAYING_MS = 100;
export const INDEX_WAIT_PAUSED_MS = 1000;

/**
 * A caption hold stops this far before the next caption's moment, so the caption being read
 * stays up (the next one's `say` step applies at its moment).
 */
export const HOLD_LEAD_MS = 1;
/** "Next caption" plays its motion in at most this much wall time (faster than 1× if needed). */
export const NEXT_CAPTION_MAX_WALL_MS = 4000;
/** An action after the scenario's end plays the run on this much virtual time to settle. */
export const SETTLE_AFTER_END_MS = 10_000;

/** Where each scenario's quiz score is kept (localStorage in the browser). */
export const QUIZ_STORAGE_KEY = 'kafkascope:quiz';

/** Whether the given answer is the answer (null: none given, or no answer to compare with). */
export function isRight(given: GivenAnswer | null, answer: AnswerOutcome): boolean | null {
  if (given === null || !answer.ok) return null;
  if ('choice' in given) return answer.choice !== null && given.choice === answer.choice;
  return typedAnswerIsRight(given.typed, answer.value, answer.text);
}

function readScores(text: string | null): QuizScores {
  return readStoredObject<QuizScores>(text);
}

export function createPlaybackSlice(ctx: SliceContext): AppSlice<PlaybackSlice> {
  const { host, driver } = ctx;
  return (set, get) => {
    /** The question last asked and where: playing on from that moment asks the next one there. */
    let lastAsked: { index: number; atMs: number } | null = null;
    /**
     * Stops at the first question between `fromMs` and `toMs`, asks it and pauses; false when
     * there is none. Its moment's steps have run (a caption at the same moment shows with it).
     */
    const askBetween = (fromMs: number, toMs: number): boolean => {
      const { scenario, question, asking } = get();
      if (!asking || scenario === null || question !== null || scenario.questions.length === 0)
        return false;
      const askedAtFrom = lastAsked?.atMs === fromMs ? lastAsked.index : -1;
      const index = questionBetween(scenario.questions, fromMs, toMs, askedAtFrom);
      if (index < 0) return false;
      const atMs = scenario.questions[index].atMs;
      stopFrames();
      if (!advance(() => driver.runUntil(atMs))) return true;
      lastAsked = { index, atMs };
      set({
        playing: false,
        hold: null,
        moveTo: null,
        question: { index, phase: 'asking', given: null, answer: null, right: null },
      });
      return true;
    };
    /** The open question's answer on the run as it stands (at its reveal moment). */
    const reveal = (): void => {
      const { question, scenario, snapshot } = get();
      if (question === null || scenario === null || snapshot === null) return;
      const q = scenario.questions[question.index];
      let answer: AnswerOutcome;
      try {
        answer = q.answerOn(snapshot);
      } catch (error) {
        answer = { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      const right = isRight(question.given, answer);
      set({ question: { ...question, phase: 'revealed', answer, right } });
      if (right !== null) keepScore(q.path, right);
    };
    /** The first try at a question counts; later tries (a replay) do not change the score. */
    const keepScore = (path: string, right: boolean): void => {
      const key = scoreKeyOf(get());
      if (key === null) return;
      const scores = readScores(host.storage.get(QUIZ_STORAGE_KEY));
      const mine = scores[key] ?? {};
      if (path in mine) {
        set({ quizScores: scores });
        return;
      }
      const next = { ...scores, [key]: { ...mine, [path]: right } };
      host.storage.set(QUIZ_STORAGE_KEY, JSON.stringify(next));
      set({ quizScores: next });
    };
    const closeOpenQuestion = (): void => {
      if (get().question !== null) set({ question: null });
    };
    let frameId: number | null = null;
    let lastFrameAtMs = 0;
    let indexing = false;
    let idleId: number | null = null;
    /** The caption the viewer chose to stop holding for (Skip). */
    let skippedHoldFor: number | null = null;

    /** Moves the world, then publishes a new snapshot; an engine failure stops playback. */
    const advance = (move: () => void): boolean => {
      try {
        move();
        publish();
        return true;
      } catch (error) {
        stopFrames();
        const message = error instanceof Error ? error.message : String(error);
        set({
          playing: false,
          problems: [
            {
              kind: 'simulation',
              title: 'The simulation stopped with an error',
              details: [message],
            },
          ],
        });
        return false;
      }
    };
    /**
     * Publishes the driver's frame; a caption that is new on screen (a different one, not the
     * same one reached again by a seek) gets the wall time it appeared, for caption pacing.
     */
    const publish = (): void => {
      const frame = driver.frame();
      const before = get().narration;
      const after = frame.narration;
      const same =
        before === after ||
        (before !== null &&
          after !== null &&
          before.atMs === after.atMs &&
          before.text === after.text &&
          before.index === after.index);
      const stoppedNow = frame.memoryStop !== null && get().memoryStop !== frame.memoryStop;
      set({
        ...frame,
        timeMs: driver.timeMs(),
        ...(same ? {} : { captionShownAtMs: after === null ? null : host.clock.nowMs() }),
      });
      // The run stopped at its memory budget: playback stops there (Play again stops at
      // once), and says why; the session and its autosave are kept, seeking back works.
      const stop = frame.memoryStop;
      if (stop !== null && (stoppedNow || get().playing)) {
        stopFrames();
        set({
          playing: false,
          ...(stoppedNow
            ? {
                problems: [
                  ...get().problems.filter((p) => p.kind !== 'budget'),
                  {
                    kind: 'budget' as const,
                    title: 'The run stopped at its memory budget',
                    details: [stop.message],
                  },
                ],
              }
            : {}),
        });
      }
    };
    const stopFrames = (): void => {
      if (frameId !== null) host.frames.cancelFrame(frameId);
      frameId = null;
    };
    const requestFrame = (): void => {
      if (frameId === null) frameId = host.frames.requestFrame(tick);
    };
    /**
     * The timeline indexes ahead (checkpoints, markers) in the page's idle time only, so it
     * never costs playback a frame; a quiet page indexes a 10-minute run in seconds.
     */
    const requestIndexing = (): void => {
      if (idleId === null && indexing)
        idleId = host.idle.requestIdle(
          indexInIdleTime,
          get().playing ? INDEX_WAIT_PLAYING_MS : INDEX_WAIT_PAUSED_MS,
        );
    };
    const indexInIdleTime = (timeLeftMs: () => number): void => {
      idleId = null;
      if (!driver.hasWorld()) return;
      const startedAtMs = host.clock.nowMs();
      const sliceMs = get().playing ? INDEX_SLICE_PLAYING_MS : INDEX_SLICE_PAUSED_MS;
      const stop = (): boolean =>
        timeLeftMs() <= INDEX_RESERVE_MS && host.clock.nowMs() - startedAtMs >= sliceMs;
      try {
        // Seeks are rehearsed while paused (when a viewer seeks), not in playback's idle time.
        indexing = driver.indexAhead(stop, !get().playing);
      } catch {
        // The live run reports engine failures; the index simply stops.
        indexing = false;
      }
      // The timeline only: a frame would snapshot the whole world (~2 ms at 1,000 partitions).
      const timeline = driver.timeline();
      if (timeline !== get().timeline) set({ timeline });
      const rehearsedMoment = driver.rehearsedMoment();
      if (rehearsedMoment !== get().rehearsedMoment) set({ rehearsedMoment });
      requestIndexing();
    };
    /**
     * Caption pacing: when running to `targetMs` would bring the next caption before the one
     * on screen has been up its reading time, the moment to hold at (just before the next
     * caption) and until when (wall time); null when no hold is needed.
     */
    const holdBefore = (fromMs: number, targetMs: number, now: number) => {
      const { scenario, narration, captionShownAtMs, captionPacing } = get();
      if (!captionPacing || scenario === null || captionShownAtMs === null) return null;
      const shown = narration?.index;
      if (shown === undefined || shown === skippedHoldFor) return null;
      const next = scenario.captions.findIndex((c) => c.atMs > fromMs);
      if (next < 0 || scenario.captions[next].atMs > targetMs) return null;
      const untilWallMs = captionShownAtMs + scenario.captions[shown].readingMs;
      if (now >= untilWallMs) return null;
      const atMs = Math.max(fromMs, scenario.captions[next].atMs - HOLD_LEAD_MS);
      return { atMs, hold: { untilWallMs, captionIndex: shown } };
    };
    // Each frame: target virtual time += elapsed wall time × speed. Stops at the scenario's end
    // (or where a move asked to stop), and holds a caption until it has been up long enough.
    const tick = (): void => {
      frameId = null;
      const { playing, speed, scenario, moveTo, hold } = get();
      if (!playing || !driver.hasWorld()) return;
      const now = host.clock.nowMs();
      // A move (to a caption, settling after the end) keeps to wall time even when frames are
      // slow: it ends where it stops anyway, and a presenter's "next" takes the time it said.
      const maxElapsedMs = moveTo === null ? MAX_FRAME_ELAPSED_MS : Infinity;
      const elapsedMs = Math.min(Math.max(0, now - lastFrameAtMs), maxElapsedMs);
      lastFrameAtMs = now;
      if (hold !== null) {
        if (now < hold.untilWallMs && skippedHoldFor !== hold.captionIndex) {
          requestFrame();
          return;
        }
        set({ hold: null });
      }
      const fromMs = driver.timeMs();
      let targetMs = fromMs + elapsedMs * (moveTo?.speed ?? speed);
      const endMs = scenario?.durationMs ?? Infinity;
      const stopAtMs = moveTo?.atMs ?? (fromMs < endMs ? endMs : Infinity);
      // A question on the way stops the run there (not during its own reveal).
      if (get().question === null && askBetween(fromMs, Math.min(targetMs, stopAtMs))) return;
      if (moveTo === null) {
        const held = holdBefore(fromMs, Math.min(targetMs, stopAtMs), now);
        if (held !== null) {
          if (!advance(() => driver.runUntil(held.atMs))) return;
          set({ hold: held.hold });
          requestFrame();
          return;
        }
      }
      const reachesStop = targetMs >= stopAtMs;
      if (reachesStop) targetMs = stopAtMs;
      if (!advance(() => driver.runUntil(targetMs))) return;
      if (reachesStop) {
        set({ playing: false, moveTo: null });
        if (get().question?.phase === 'revealing') reveal();
      } else requestFrame();
    };
    const startFrames = (): void => {
      lastFrameAtMs = host.clock.nowMs();
      set({ playing: true });
      requestFrame();
    };
    const canPlay = (): boolean =>
      driver.hasWorld() && !get().problems.some((p) => p.kind === 'simulation');

    return {
      playing: false,
      speed: 1,
      timeMs: 0,
      snapshot: null,
      recentEvents: [],
      eventLog: null,
      narration: null,
      metrics: null,
      partitionCountChanges: dict(),
      activity: EMPTY_ACTIVITY,
      timeline: null,
      rehearsedMoment: null,
      expectationResults: [],
      memoryStop: null,
      indexStop: null,
      captionShownAtMs: null,
      captionPacing: true,
      hold: null,
      moveTo: null,
      question: null,
      asking: true,
      quizScores: readScores(host.storage.get(QUIZ_STORAGE_KEY)),
      challengeSolvedAtMs: null,
      solvedChallenges: readSolved(host.storage.get(CHALLENGES_STORAGE_KEY)),

      startRun({ untilMs, play, session = [] }) {
        const { scenario, seed } = get();
        // Before the engine has loaded (over a first picture) a load starts the run after it.
        if (scenario === null || !driver.loaded()) return;
        stopFrames();
        skippedHoldFor = null;
        lastAsked = null;
        set({
          playing: false,
          hold: null,
          moveTo: null,
          question: null,
          challengeSolvedAtMs: null,
          narration: null,
          sessionLog: [],
          selection: null,
          forkNotice: null,
        });
        if (idleId !== null) host.idle.cancelIdle(idleId);
        idleId = null;
        if (!advance(() => driver.start(scenario, seed ?? scenario.setup.seed, session))) return;
        set({ sessionLog: driver.session() });
        indexing = true;
        // Time 0 means everything due at 0 has happened: the first caption shows, the first
        // records are sent, whether the run opens paused or playing.
        // A run opened paused stands at its first caption, with the steps due then applied.
        const firstCaptionMs = play ? 0 : (scenario.captions[0]?.atMs ?? 0);
        if (untilMs !== null) get().seek(untilMs);
        else if (!askBetween(0, firstCaptionMs)) {
          advance(() => driver.runUntil(firstCaptionMs));
          if (play) get().play();
        }
        get().scheduleIndexing();
      },
      scheduleIndexing() {
        indexing = true;
        requestIndexing();
      },
      play() {
        // Play while a question is open: reveals it; once revealed, goes on.
        // (A reveal paused on its way goes on to its moment.)
        const question = get().question;
        if (question?.phase === 'asking' || question?.phase === 'revealing')
          return get().revealAnswer();
        if (question?.phase === 'revealed') set({ question: null });
        if (!canPlay()) {
          // Over a first picture, before the engine has loaded: the load plays once it runs.
          if (!driver.loaded() && get().scenario !== null) set({ playing: true });
          return;
        }
        if (get().moveTo !== null) set({ moveTo: null });
        startFrames();
      },
      pause() {
        stopFrames();
        const { playing, hold, moveTo } = get();
        if (playing || hold !== null || moveTo !== null)
          set({ playing: false, hold: null, moveTo: null });
      },
      skipHold() {
        const hold = get().hold;
        if (hold === null) return;
        skippedHoldFor = hold.captionIndex;
        set({ hold: null });
      },
      setCaptionPacing(captionPacing) {
        set({ captionPacing });
        if (!captionPacing) get().skipHold();
      },
      playTo(atMs, speed) {
        if (!canPlay() || !Number.isFinite(atMs) || atMs <= driver.timeMs()) return;
        stopFrames();
        set({ hold: null, moveTo: { atMs, speed: speed ?? get().speed } });
        startFrames();
      },
      nextCaption() {
        const { scenario, moveTo, question } = get();
        if (scenario === null || !driver.hasWorld()) return;
        // A presenter's next press: reveals an open question, then (pressed again) goes on.
        if (question?.phase === 'asking') return get().revealAnswer();
        if (question?.phase === 'revealing' && moveTo !== null) {
          get().runTo(moveTo.atMs);
          reveal();
          return;
        }
        if (question?.phase === 'revealed') set({ question: null });
        // Pressed again during a move: that move ends at once, the next one starts from there.
        if (moveTo !== null) get().runTo(moveTo.atMs);
        const fromMs = driver.timeMs();
        const next = scenario.captions.find((c) => c.atMs > fromMs);
        if (next === undefined) return;
        const gapMs = next.atMs - fromMs;
        const speed = Math.max(get().speed, gapMs / NEXT_CAPTION_MAX_WALL_MS);
        get().playTo(next.atMs, speed);
      },
      previousCaption() {
        const { scenario } = get();
        if (scenario === null || !driver.hasWorld()) return;
        get().pause();
        closeOpenQuestion();
        const fromMs = driver.timeMs();
        const previous = scenario.captions.filter((c) => c.atMs < fromMs).pop();
        get().seek(previous?.atMs ?? 0);
      },
      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },
      stepOnce() {
        get().pause();
        closeOpenQuestion();
        if (driver.hasWorld()) advance(() => driver.stepToEvent());
      },
      stepBack() {
        get().pause();
        closeOpenQuestion();
        let moved = false;
        if (driver.hasWorld()) advance(() => (moved = driver.stepBack()));
        return moved;
      },
      seek(timeMs) {
        get().pause();
        closeOpenQuestion();
        if (!Number.isFinite(timeMs) || !driver.hasWorld()) return;
        advance(() => driver.seek(Math.max(0, timeMs)));
      },
      restart(seed) {
        const wasPlaying = get().playing;
        set({
          problems: get().problems.filter((p) => p.kind !== 'simulation' && p.kind !== 'budget'),
        });
        if (seed !== undefined && Number.isSafeInteger(seed) && seed >= 0) set({ seed });
        get().startRun({ untilMs: null, play: wasPlaying });
      },
      setSpeed(speed) {
        if (!Number.isFinite(speed)) return;
        set({ speed: Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) });
      },
      runTo(timeMs) {
        get().pause();
        if (driver.hasWorld()) advance(() => driver.runUntil(timeMs));
      },
      answerQuestion(given) {
        const question = get().question;
        if (question?.phase !== 'asking') return;
        set({ question: { ...question, given } });
        get().revealAnswer();
      },
      revealAnswer() {
        const { question, scenario } = get();
        if (question === null || question.phase === 'revealed') return;
        if (scenario === null || !driver.hasWorld()) return;
        const { revealMs } = scenario.questions[question.index];
        const fromMs = driver.timeMs();
        if (revealMs <= fromMs) {
          set({ question: { ...question, phase: 'revealing' } });
          return reveal();
        }
        set({ question: { ...question, phase: 'revealing' } });
        // The motion that answers it, in at most the time a presenter's "next" takes.
        const speed = Math.max(get().speed, (revealMs - fromMs) / NEXT_CAPTION_MAX_WALL_MS);
        stopFrames();
        set({ hold: null, moveTo: { atMs: revealMs, speed } });
        startFrames();
      },
      closeQuestion(play) {
        if (get().question === null) return;
        if (get().question?.phase === 'revealing') get().pause();
        set({ question: null });
        if (play) get().play();
      },
    };
  };
}
