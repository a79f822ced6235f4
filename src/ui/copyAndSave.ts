/**
 * The browser capabilities the share menu uses, at the edge: the clipboard and downloads.
 * Both may be missing or refused (an insecure page, a sandboxed frame, a denied permission).
 */
import { scenarioBlob } from './editorText';

/** The name an exported session is saved under when none is suggested. */
export const DEFAULT_EXPORT_NAME = 'kafkascope-session.yaml';

/** Copies text; false when there is no clipboard or it refused (the caller shows the text instead). */
export async function writeClipboard(text: string): Promise<boolean> {
  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
  if (typeof clipboard?.writeText !== 'function') return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A file name that is safe to suggest for a download: no folders, control characters or
 * characters file systems refuse, not hidden, not too long, ending in .yaml (or .yml).
 */
export function safeFileName(suggested: string | undefined): string {
  const base = (suggested ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*]/g, '').trim();
  const stem = cleaned.replace(/^\.+/, '').slice(0, 120).trim();
  if (stem === '' || /^\.?ya?ml$/i.test(stem)) return DEFAULT_EXPORT_NAME;
  return /\.ya?ml$/i.test(stem) ? stem : `${stem.replace(/\.(json|txt)$/i, '')}.yaml`;
}

/** Saves text as a file through the browser's download (a Blob and an `<a download>`). */
export function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(scenarioBlob(text, fileName));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: a browser may read the blob after click() returns (FileSaver.js waits 40 s).
  setTimeout(() => URL.revokeObjectURL(url), 40_000);
}
