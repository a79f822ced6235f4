// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppStoreContext, createAppStore, type AppStore, type ShareOutcome } from '../store';
import { createFakeHost, fakeScenarioModule, lessonFixture } from '../store/testKit';
import { safeFileName } from './copyAndSave';
import { ShareMenu } from './ShareMenu';

const writeText = vi.fn<(text: string) => Promise<void>>();

beforeEach(() => {
  writeText.mockReset();
  writeText.mockResolvedValue(undefined);
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText },
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  Reflect.deleteProperty(navigator, 'clipboard');
});

const LINK = 'https://kafkascope.test/app/#share=1abc';

function renderMenu(outcomes: {
  link?: ShareOutcome;
  embed?: ShareOutcome;
  exported?: ShareOutcome & { fileName?: string };
}) {
  const store: AppStore = createAppStore({
    host: createFakeHost(),
    scenarioModule: async () => fakeScenarioModule({ lesson: lessonFixture() }),
  });
  const createShareLink = vi.fn(
    async (): Promise<ShareOutcome> => outcomes.link ?? { ok: true, text: LINK },
  );
  const createEmbedCode = vi.fn(
    async (_options: { autoplay: boolean; width: number; height: number }): Promise<ShareOutcome> =>
      outcomes.embed ?? { ok: true, text: '<iframe src="x"></iframe>' },
  );
  const exportSession = vi.fn(
    async () => outcomes.exported ?? { ok: true as const, text: 'title: x\n', fileName: 'x.yaml' },
  );
  store.setState({ createShareLink, createEmbedCode, exportSession });
  render(
    <AppStoreContext.Provider value={store}>
      <ShareMenu />
    </AppStoreContext.Provider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Share' }));
  const dialog = screen.getByRole('dialog', { name: 'Share' });
  const status = within(dialog).getByRole('status');
  const click = (name: string) =>
    act(async () => fireEvent.click(within(dialog).getByRole('button', { name })));
  return { store, dialog, status, click, createShareLink, createEmbedCode, exportSession };
}

describe('ShareMenu', () => {
  it('copies the link and says so in a live region', async () => {
    const { dialog, status, click } = renderMenu({});
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Copy link' }));
    await click('Copy link');
    expect(writeText).toHaveBeenCalledWith(LINK);
    expect(status.textContent).toBe('Link copied');
    expect(within(dialog).queryByRole('textbox')).toBeNull();
  });

  it('shows the link selected in a read-only text box when the clipboard refuses', async () => {
    writeText.mockRejectedValue(new DOMException('Write permission denied.', 'NotAllowedError'));
    const { dialog, status, click } = renderMenu({});
    await click('Copy link');
    const box = within(dialog).getByRole('textbox', { name: 'Link' }) as HTMLTextAreaElement;
    expect(box.readOnly).toBe(true);
    expect(box.value).toBe(LINK);
    expect(document.activeElement).toBe(box);
    expect([box.selectionStart, box.selectionEnd]).toEqual([0, LINK.length]);
    expect(status.textContent).toContain('Copying was not allowed here');
  });

  it('shows the text to copy by hand when there is no clipboard at all', async () => {
    Reflect.deleteProperty(navigator, 'clipboard');
    const { dialog, click } = renderMenu({});
    await click('Copy embed code');
    const box = within(dialog).getByRole('textbox', { name: 'Embed code' }) as HTMLTextAreaElement;
    expect(box.value).toBe('<iframe src="x"></iframe>');
  });

  it('says why a link could not be made', async () => {
    const message = 'The link would be too long: export the session as a file instead';
    const { status, click } = renderMenu({ link: { ok: false, message } });
    await click('Copy link');
    expect(status.textContent).toBe(message);
    expect(status.className).toContain('failed');
    expect(writeText).not.toHaveBeenCalled();
  });

  it('copies embed code with the options chosen, and refuses sizes out of bounds', async () => {
    const { dialog, status, click, createEmbedCode } = renderMenu({});
    const width = within(dialog).getByRole('spinbutton', { name: /Width/ }) as HTMLInputElement;
    const height = within(dialog).getByRole('spinbutton', { name: /Height/ }) as HTMLInputElement;
    expect([width.value, height.value]).toEqual(['800', '500']);
    await click('Copy embed code');
    expect(createEmbedCode).toHaveBeenLastCalledWith({ autoplay: false, width: 800, height: 500 });
    expect(status.textContent).toBe('Embed code copied');

    fireEvent.click(within(dialog).getByRole('checkbox', { name: /autoplay/ }));
    fireEvent.change(width, { target: { value: '640' } });
    fireEvent.change(height, { target: { value: '360' } });
    await click('Copy embed code');
    expect(createEmbedCode).toHaveBeenLastCalledWith({ autoplay: true, width: 640, height: 360 });

    fireEvent.change(width, { target: { value: '99999' } });
    expect(width.getAttribute('aria-invalid')).toBe('true');
    await click('Copy embed code');
    expect(createEmbedCode).toHaveBeenCalledTimes(2);
    expect(status.textContent).toBe('Width must be a whole number of pixels from 320 to 3840');
  });

  it('exports the session as a .yaml download named by the store', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:session';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    const { status, click } = renderMenu({
      exported: { ok: true, text: 'title: mine\n', fileName: 'orders-session.yaml' },
    });
    await click('Export session…');
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('orders-session.yaml');
    expect(clicked[0].getAttribute('href')).toBe('blob:session');
    expect(clicked[0].isConnected).toBe(false);
    expect(await created[0].text()).toBe('title: mine\n');
    expect(created[0].type).toBe('text/yaml');
    expect(status.textContent).toBe('Exported the session as orders-session.yaml');
  });

  it('renders hostile text from a failure or a link as text, never markup', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\u0007';
    writeText.mockRejectedValue(new Error('denied'));
    const first = renderMenu({ link: { ok: false, message: hostile } });
    await first.click('Copy link');
    expect(first.status.textContent).toBe(hostile);
    cleanup();
    const second = renderMenu({ link: { ok: true, text: hostile } });
    await second.click('Copy link');
    expect((within(second.dialog).getByRole('textbox') as HTMLTextAreaElement).value).toBe(hostile);
    expect(document.querySelector('img, script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('closes with Escape, focus back on Share, and opens again with a clean status', async () => {
    const { status, click } = renderMenu({});
    await click('Copy link');
    expect(status.textContent).toBe('Link copied');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    const share = screen.getByRole('button', { name: 'Share' });
    expect(document.activeElement).toBe(share);
    fireEvent.click(share);
    expect(within(screen.getByRole('dialog')).getByRole('status').textContent).toBe('');
  });
});

describe('safeFileName', () => {
  it('keeps a plain name and makes any other safe to save', () => {
    expect(safeFileName('orders-session.yaml')).toBe('orders-session.yaml');
    expect(safeFileName(undefined)).toBe('kafkascope-session.yaml');
    expect(safeFileName('')).toBe('kafkascope-session.yaml');
    expect(safeFileName('../../etc/passwd')).toBe('passwd.yaml');
    expect(safeFileName('C:\\Users\\me\\notes.json')).toBe('notes.yaml');
    expect(safeFileName('<b>a\u0000b\u001f|?*<i>.yml')).toBe('babi.yml');
    expect(safeFileName('...hidden.yaml')).toBe('hidden.yaml');
    expect(safeFileName('.yaml')).toBe('kafkascope-session.yaml');
    expect(safeFileName(`${'x'.repeat(300)}.yaml`)).toHaveLength(125);
  });
});
