import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ASSIGNOR_RULES, explainKeyPartition, type Snapshot } from '../engine';
import type { AssignorName } from '../engine';
import type { AnswerOutcome, Question } from '../scenario';
import { scoreKeyOf, useAppStore, type GivenAnswer, type OpenQuestion } from '../store';
import { answerHelp } from './questionHelp';
import { KeyHashSteps } from './WhyPartition';
import { formatVirtualTime } from './virtualTime';
import './question.css';

/**
 * The question on screen (`ask` steps), over the bottom of the picture so the reveal's
 * motion stays in view. Learner mode (the app, embeds): pick a choice (or press its number)
 * or type a value; the run plays to the reveal moment and says right or wrong, with the answer
 * and why. Presenter mode: the question big, the choices numbered for a show of hands, the
 * clicker's next press reveals and the one after goes on; no score.
 *
 * Data attributes for tests: `data-phase` (asking, revealing, revealed), `data-right` (true,
 * false, or absent when not answered), and on choices `data-correct` once revealed.
 */
export default function QuestionCard() {
  const question = useAppStore((s) => s.question);
  const scenario = useAppStore((s) => s.scenario);
  const presenter = useAppStore((s) => s.mode === 'presenter');
  if (question === null || scenario === null) return null;
  const q = scenario.questions[question.index];
  if (q === undefined) return null;
  return (
    <QuestionBody
      key={`${question.index}@${q.atMs}`}
      question={question}
      q={q}
      total={scenario.questions.length}
      presenter={presenter}
    />
  );
}

function QuestionBody({
  question,
  q,
  total,
  presenter,
}: {
  question: OpenQuestion;
  q: Question;
  total: number;
  presenter: boolean;
}) {
  const answerQuestion = useAppStore((s) => s.answerQuestion);
  const revealAnswer = useAppStore((s) => s.revealAnswer);
  const closeQuestion = useAppStore((s) => s.closeQuestion);
  const titleId = useId();
  const card = useRef<HTMLElement>(null);
  const { phase, given, answer } = question;

  // A learner's keyboard goes to the question: its first choice (or the field), then Continue.
  useEffect(() => {
    if (presenter) return;
    const target =
      phase === 'asking'
        ? card.current?.querySelector<HTMLElement>('.question-choice, input')
        : phase === 'revealed'
          ? card.current?.querySelector<HTMLElement>('.question-continue')
          : null;
    // Scrolls the card (not the page) to it: Continue may sit below a long explanation.
    target?.focus({ preventScroll: phase === 'asking' });
  }, [phase, presenter]);

  // Number keys pick a choice (learner mode), as a room would call them out.
  useEffect(() => {
    if (presenter || phase !== 'asking' || q.choices === null) return;
    const count = q.choices.length;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      const n = Number(e.key);
      if (!Number.isInteger(n) || n < 1 || n > count) return;
      e.preventDefault();
      answerQuestion({ choice: n - 1 });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [presenter, phase, q.choices, answerQuestion]);

  return (
    <section
      ref={card}
      className={`question${presenter ? ' question-presenter' : ''}`}
      role="region"
      aria-labelledby={titleId}
      data-phase={phase}
      data-question-index={question.index}
      data-right={question.right === null ? undefined : String(question.right)}
    >
      <p className="question-kicker">
        Question {question.index + 1} of {total}
        <span className="mono"> · {formatVirtualTime(q.atMs)}</span>
        {phase === 'asking' && <span> · what happens?</span>}
      </p>
      <h2 id={titleId} className="question-text">
        {q.text}
      </h2>
      {q.choices !== null ? (
        <ol className="question-choices" aria-label="Choices">
          {q.choices.map((c, i) => (
            <li key={i}>
              <button
                type="button"
                className="question-choice"
                disabled={phase !== 'asking'}
                aria-pressed={given !== null && 'choice' in given ? given.choice === i : undefined}
                data-correct={
                  phase === 'revealed' && answer?.ok === true
                    ? String(answer.choice === i)
                    : undefined
                }
                onClick={() => answerQuestion({ choice: i })}
              >
                <span className="question-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="question-label">{c.label}</span>
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <TypedAnswer
          input={q.input ?? 'text'}
          disabled={phase !== 'asking'}
          given={given}
          onAnswer={(typed) => answerQuestion({ typed })}
        />
      )}
      {phase === 'asking' && (
        <div className="question-actions">
          <button type="button" className="button small" onClick={revealAnswer}>
            Show the answer
          </button>
          <span className="muted">
            {presenter
              ? 'Next (→ or PageDown) plays the answer'
              : q.choices !== null
                ? `Pick one (or press 1–${q.choices.length}): the run plays on to show it`
                : 'Type it and press Enter: the run plays on to show it'}
          </span>
        </div>
      )}
      {phase === 'revealing' && (
        <p className="question-status" role="status">
          {given !== null && <>Your answer: {givenText(q, given)}. </>}
          Playing to {formatVirtualTime(q.revealMs)} to see…
        </p>
      )}
      {phase === 'revealed' && answer !== null && (
        <Reveal
          q={q}
          answer={answer}
          right={question.right}
          presenter={presenter}
          onContinue={() => closeQuestion(true)}
        />
      )}
    </section>
  );
}

function TypedAnswer({
  input,
  disabled,
  given,
  onAnswer,
}: {
  input: 'number' | 'text';
  disabled: boolean;
  given: GivenAnswer | null;
  onAnswer: (typed: string) => void;
}) {
  const [text, setText] = useState(given !== null && 'typed' in given ? given.typed : '');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== '') onAnswer(text);
  };
  return (
    <form className="question-typed" onSubmit={submit}>
      <label htmlFor={id}>Your answer</label>
      <input
        id={id}
        className="mono"
        type="text"
        inputMode={input === 'number' ? 'decimal' : 'text'}
        autoComplete="off"
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button primary" disabled={disabled || text.trim() === ''}>
        Check
      </button>
    </form>
  );
}

function Reveal({
  q,
  answer,
  right,
  presenter,
  onContinue,
}: {
  q: Question;
  answer: AnswerOutcome;
  right: boolean | null;
  presenter: boolean;
  onContinue: () => void;
}) {
  const snapshot = useAppStore((s) => s.snapshot);
  return (
    <div className="question-reveal">
      <p className="question-answer" role="status">
        {!presenter && right !== null && (
          <span className={`question-verdict ${right ? 'right' : 'wrong'}`}>
            {right ? '✓ Right.' : '✗ Not this time.'}{' '}
          </span>
        )}
        {answerSentence(q, answer)}
      </p>
      {q.explain !== null && <p className="question-explain">{q.explain}</p>}
      {snapshot !== null && answer.ok && (
        <AnswerWalkThrough answer={q.answer} snapshot={snapshot} />
      )}
      <div className="question-actions">
        {presenter ? (
          <span className="muted">Next (→ or PageDown) goes on</span>
        ) : (
          <>
            <button type="button" className="button primary question-continue" onClick={onContinue}>
              Continue
            </button>
            <Score />
          </>
        )}
      </div>
    </div>
  );
}

function givenText(q: Question, given: GivenAnswer): string {
  return 'choice' in given ? (q.choices?.[given.choice]?.label ?? '?') : given.typed.trim();
}

/** "The answer: 2 (at 7 s)", or why there is none. */
function answerSentence(q: Question, answer: AnswerOutcome): string {
  const at = formatVirtualTime(q.revealMs);
  if (!answer.ok) return `The run could not answer it at ${at}: ${answer.error}.`;
  if (q.choices === null) return `The answer at ${at}: ${answer.text}.`;
  if (answer.choice === null || answer.choice < 0)
    return `At ${at} the answer is ${answer.text}, which is none of the choices: the lesson needs fixing.`;
  const label = q.choices[answer.choice].label;
  return label === answer.text || `"${label}"` === answer.text
    ? `The answer at ${at}: ${label}.`
    : `The answer at ${at}: ${label} (${answer.text}).`;
}

function AnswerWalkThrough({ answer, snapshot }: { answer: string; snapshot: Snapshot }) {
  const help = answerHelp(answer, snapshot);
  if (help === null) return null;
  if (help.kind === 'key') {
    const x = explainKeyPartition(help.key, help.numPartitions);
    return (
      <ol
        className="question-walk mono"
        aria-label={`Why key ${help.key} goes to partition ${x.partition}`}
      >
        <KeyHashSteps x={x} hashed={`UTF-8 bytes of "${help.key}"`} />
      </ol>
    );
  }
  const rule =
    help.protocol !== null && help.protocol in ASSIGNOR_RULES
      ? ASSIGNOR_RULES[help.protocol as AssignorName]
      : null;
  return (
    <div className="question-walk">
      {rule !== null && (
        <p>
          Group {help.group} uses the {rule}
        </p>
      )}
      <ul className="mono">
        {help.members.map((m) => (
          <li key={m.id}>
            {m.id} → {m.partitions.length === 0 ? 'nothing' : m.partitions.join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "Score: 2 of 5 right at the first try" for this lesson, kept in the browser. */
function Score() {
  const scenario = useAppStore((s) => s.scenario);
  const key = useAppStore((s) => scoreKeyOf(s));
  const scores = useAppStore((s) => s.quizScores);
  if (scenario === null || key === null) return null;
  const mine = scores[key] ?? {};
  const right = scenario.questions.filter((q) => mine[q.path] === true).length;
  const tried = scenario.questions.filter((q) => q.path in mine).length;
  return (
    <span className="question-score" data-right={right} data-tried={tried}>
      Score: {right} of {scenario.questions.length} right at the first try
    </span>
  );
}
