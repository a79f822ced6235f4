import { MODEL_NOTES } from '../engine';
import './modelNotes.css';

/** `code` spans in a note, as the README writes them. */
function withCode(text: string) {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>));
}

/**
 * What kafkascope models and where it simplifies, folded under the inspector's hint: the same
 * list as the README's section (MODEL_NOTES), so a learner can tell Kafka's behaviour from the
 * simulator's shortcuts without leaving the app.
 */
export function ModelNotes() {
  return (
    <details className="model-notes">
      <summary>What is modelled, and where it simplifies</summary>
      {MODEL_NOTES.map((note) => (
        <section key={note.area} aria-label={note.area}>
          <h3>{note.area}</h3>
          <p>{withCode(note.modelled)}</p>
          {note.simplifications.length > 0 && (
            <>
              <p className="model-notes-label">Simplifications:</p>
              <ul>
                {note.simplifications.map((s) => (
                  <li key={s}>{withCode(s)}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
    </details>
  );
}
