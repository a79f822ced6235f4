import { useEffect, useId, useRef, useState } from 'react';
import { useAppStore, type ShareOutcome } from '../store';
import { downloadText, safeFileName, writeClipboard } from './copyAndSave';
import { usePopover } from './usePopover';
import './share.css';

/** Embed sizes offered at first, and the bounds a snippet may ask for (CSS pixels). */
const EMBED_SIZE = {
  width: { initial: 800, min: 320, max: 3840 },
  height: { initial: 500, min: 240, max: 2160 },
} as const;

type Bounds = { min: number; max: number };

interface EmbedOptions {
  autoplay: boolean;
  width: string;
  height: string;
}

type Status = { tone: 'done' | 'failed'; text: string };

/** Text the user copies by hand because the clipboard was unavailable or refused. */
interface ManualCopy {
  label: 'Link' | 'Embed code';
  text: string;
}

/**
 * "Share": copy a link to what is on screen, copy an `<iframe>` snippet, or export the
 * session as a scenario file. Every outcome is said in a live region; when the clipboard is
 * unavailable the text is shown selected, to copy by hand.
 */
export function ShareMenu() {
  const { open, rootProps, triggerProps, panelProps } = usePopover();
  // The embed options outlive the panel; its status starts clean at each opening.
  const [embed, setEmbed] = useState<EmbedOptions>({
    autoplay: false,
    width: String(EMBED_SIZE.width.initial),
    height: String(EMBED_SIZE.height.initial),
  });
  return (
    <div className="share-menu" {...rootProps}>
      <span className="popover-anchor">
        <button className="button small" {...triggerProps}>
          Share
        </button>
        {open && <SharePanel panelProps={panelProps} embed={embed} setEmbed={setEmbed} />}
      </span>
    </div>
  );
}

function SharePanel(props: {
  panelProps: ReturnType<typeof usePopover>['panelProps'];
  embed: EmbedOptions;
  setEmbed: (update: (was: EmbedOptions) => EmbedOptions) => void;
}) {
  const { embed, setEmbed } = props;
  const createShareLink = useAppStore((s) => s.createShareLink);
  const createEmbedCode = useAppStore((s) => s.createEmbedCode);
  const exportSession = useAppStore((s) => s.exportSession);
  const headingId = useId();
  const [status, setStatus] = useState<Status | null>(null);
  const [manual, setManual] = useState<ManualCopy | null>(null);
  const busy = useRef(false);

  /** Runs one action at a time (a second click while the first works is ignored). */
  const run = async (work: () => Promise<Status>): Promise<void> => {
    if (busy.current) return;
    busy.current = true;
    setManual(null);
    setStatus(null);
    try {
      setStatus(await work());
    } catch (error) {
      setStatus({ tone: 'failed', text: error instanceof Error ? error.message : String(error) });
    } finally {
      busy.current = false;
    }
  };

  const copy = async (outcome: ShareOutcome, what: ManualCopy['label']): Promise<Status> => {
    if (!outcome.ok) return { tone: 'failed', text: outcome.message };
    if (await writeClipboard(outcome.text)) return { tone: 'done', text: `${what} copied` };
    setManual({ label: what, text: outcome.text });
    return {
      tone: 'done',
      text: `Copying was not allowed here: the ${what.toLowerCase()} is selected below; press Ctrl+C (⌘C on a Mac) to copy it`,
    };
  };

  const copyLink = () => run(async () => copy(await createShareLink(), 'Link'));

  const width = parseSize(embed.width, EMBED_SIZE.width);
  const height = parseSize(embed.height, EMBED_SIZE.height);
  const copyEmbed = () =>
    run(async () => {
      if (width === null) return { tone: 'failed', text: sizeRule('Width', EMBED_SIZE.width) };
      if (height === null) return { tone: 'failed', text: sizeRule('Height', EMBED_SIZE.height) };
      const outcome = await createEmbedCode({ autoplay: embed.autoplay, width, height });
      return copy(outcome, 'Embed code');
    });

  const exportFile = () =>
    run(async () => {
      const outcome = await exportSession();
      if (!outcome.ok) return { tone: 'failed', text: outcome.message };
      const name = safeFileName(outcome.fileName);
      downloadText(outcome.text, name);
      return { tone: 'done', text: `Exported the session as ${name}` };
    });

  return (
    <div className="popover share-panel" aria-labelledby={headingId} {...props.panelProps}>
      <h2 id={headingId} className="popover-title">
        Share
      </h2>
      <div className="share-row">
        <button type="button" className="button small" onClick={() => void copyLink()}>
          Copy link
        </button>
        <span className="muted small">the scenario, seed, your actions and this moment</span>
      </div>
      <fieldset className="share-embed">
        <legend>Embed in a page</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={embed.autoplay}
            onChange={(e) => {
              const autoplay = e.currentTarget.checked;
              setEmbed((was) => ({ ...was, autoplay }));
            }}
          />
          Play on load (autoplay)
        </label>
        <div className="share-sizes">
          <SizeInput
            label="Width"
            bounds={EMBED_SIZE.width}
            value={embed.width}
            invalid={width === null}
            onChange={(value) => setEmbed((was) => ({ ...was, width: value }))}
          />
          <span aria-hidden="true">×</span>
          <SizeInput
            label="Height"
            bounds={EMBED_SIZE.height}
            value={embed.height}
            invalid={height === null}
            onChange={(value) => setEmbed((was) => ({ ...was, height: value }))}
          />
        </div>
        <button type="button" className="button small" onClick={() => void copyEmbed()}>
          Copy embed code
        </button>
      </fieldset>
      <div className="share-row">
        <button type="button" className="button small" onClick={() => void exportFile()}>
          Export session…
        </button>
        <span className="muted small">a scenario file with your actions as steps</span>
      </div>
      <p
        className={`share-status${status?.tone === 'failed' ? ' failed' : ''}`}
        role="status"
        aria-live="polite"
        aria-atomic="true"
      >
        {status?.text}
      </p>
      {manual !== null && <ManualCopyBox {...manual} />}
    </div>
  );
}

function SizeInput(props: {
  label: 'Width' | 'Height';
  bounds: Bounds;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
}) {
  const hintId = useId();
  return (
    <label className="field">
      {props.label} (px)
      <input
        type="number"
        inputMode="numeric"
        min={props.bounds.min}
        max={props.bounds.max}
        step={1}
        value={props.value}
        aria-invalid={props.invalid}
        aria-describedby={props.invalid ? hintId : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
      {props.invalid && (
        <span id={hintId} className="share-hint">
          {props.bounds.min}–{props.bounds.max}
        </span>
      )}
    </label>
  );
}

/** The text to copy, shown read-only and already selected (Ctrl+C / ⌘C copies it). */
function ManualCopyBox({ label, text }: ManualCopy) {
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    area.current?.focus();
    area.current?.select();
  }, [text]);
  return (
    <label className="field manual-copy">
      {label}
      <textarea
        ref={area}
        readOnly
        rows={label === 'Link' ? 3 : 5}
        value={text}
        onFocus={(e) => e.currentTarget.select()}
      />
    </label>
  );
}

/** A whole number of pixels within bounds, or null. */
function parseSize(text: string, bounds: Bounds): number | null {
  if (!/^\s*\d{1,5}\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= bounds.min && n <= bounds.max ? n : null;
}

function sizeRule(label: string, bounds: Bounds): string {
  return `${label} must be a whole number of pixels from ${bounds.min} to ${bounds.max}`;
}
