import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface FindBrowserOptions {
  install?: boolean;
  log?: (msg: string) => void;
  env?: Record<string, string | undefined>;
  playwright?: boolean;
  systemPaths?: string[];
}
type FindBrowser = (options?: FindBrowserOptions) => Promise<string>;

// A plain .mjs script has no type declarations; import it through a computed specifier and type it here.
const modulePath: string = new URL('./findBrowser.mjs', import.meta.url).href;
const { findBrowser } = (await import(/* @vite-ignore */ modulePath)) as {
  findBrowser: FindBrowser;
};

const quiet = () => {};
// Only the given candidates: no Playwright browser, no system paths, $PATH as given, never install.
const isolated = (
  env: Record<string, string | undefined>,
  systemPaths: string[] = [],
): FindBrowserOptions => ({
  install: false,
  log: quiet,
  env,
  playwright: false,
  systemPaths,
});

describe.skipIf(process.platform === 'win32')('findBrowser', () => {
  let dir: string;
  let fakeChromium: string; // answers --version like a browser
  let brokenChromium: string; // executable, but cannot start
  let notExecutable: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'findbrowser-'));
    fakeChromium = path.join(dir, 'chromium');
    writeFileSync(fakeChromium, '#!/bin/sh\necho "Chromium 1.2.3"\n');
    chmodSync(fakeChromium, 0o755);
    brokenChromium = path.join(dir, 'broken-chromium');
    writeFileSync(
      brokenChromium,
      '#!/bin/sh\necho "error while loading shared libraries" >&2\nexit 127\n',
    );
    chmodSync(brokenChromium, 0o755);
    notExecutable = path.join(dir, 'plain-file');
    writeFileSync(notExecutable, 'not a browser\n');
    chmodSync(notExecutable, 0o644);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses KAFKASCOPE_CHROMIUM as given', async () => {
    await expect(findBrowser(isolated({ KAFKASCOPE_CHROMIUM: fakeChromium }))).resolves.toBe(
      fakeChromium,
    );
  });

  it('accepts CHROMIUM_PATH too, KAFKASCOPE_CHROMIUM winning', async () => {
    await expect(findBrowser(isolated({ CHROMIUM_PATH: fakeChromium }))).resolves.toBe(
      fakeChromium,
    );
    await expect(
      findBrowser(isolated({ KAFKASCOPE_CHROMIUM: fakeChromium, CHROMIUM_PATH: brokenChromium })),
    ).resolves.toBe(fakeChromium);
  });

  it('fails clearly when the override names a missing or non-executable file', async () => {
    const missing = path.join(dir, 'nope');
    await expect(findBrowser(isolated({ KAFKASCOPE_CHROMIUM: missing }))).rejects.toThrow(
      /KAFKASCOPE_CHROMIUM=.*no such file/,
    );
    await expect(findBrowser(isolated({ CHROMIUM_PATH: notExecutable }))).rejects.toThrow(
      /CHROMIUM_PATH=.*not an executable/,
    );
  });

  it('takes the first system path whose browser starts', async () => {
    const found = await findBrowser(
      isolated({ PATH: '' }, [
        path.join(dir, 'absent'),
        notExecutable,
        brokenChromium,
        fakeChromium,
      ]),
    );
    expect(found).toBe(fakeChromium);
  });

  it('searches $PATH like which', async () => {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'google-chrome'), '#!/bin/sh\necho "Google Chrome 1.2.3"\n');
    chmodSync(path.join(bin, 'google-chrome'), 0o755);
    await expect(
      findBrowser(isolated({ PATH: `${path.join(dir, 'empty')}${path.delimiter}${bin}` })),
    ).resolves.toBe(path.join(bin, 'google-chrome'));
  });

  it('says how to get a browser when none is found and installing is off', async () => {
    const error = await findBrowser(isolated({ PATH: '' }, [brokenChromium])).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('KAFKASCOPE_CHROMIUM=');
    expect(message).toContain('apt-get install -y chromium');
    expect(message).toContain('npx playwright install chromium');
  });
});
