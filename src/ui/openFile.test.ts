import { describe, expect, it, vi } from 'vitest';
import {
  isScenarioFileName,
  judgeDrop,
  MAX_SCENARIO_FILE_BYTES,
  openScenarioFile,
  takesDrag,
  type ScenarioFile,
} from './openFile';

const file = (name: string, text = 'title: x', size = text.length): ScenarioFile => ({
  name,
  size,
  text: vi.fn(async () => text),
});

const opener = () => ({ openScenarioText: vi.fn(async () => {}), reportFileProblem: vi.fn() });

describe('openScenarioFile', () => {
  it('reads the file and opens its text under its name', async () => {
    const o = opener();
    await openScenarioFile(file('lesson.yaml', 'title: hello'), o);
    expect(o.openScenarioText).toHaveBeenCalledWith('title: hello', 'lesson.yaml');
    expect(o.reportFileProblem).not.toHaveBeenCalled();
  });

  it('refuses a file over the limit without reading it', async () => {
    const o = opener();
    const big = file('big.yaml', '', MAX_SCENARIO_FILE_BYTES + 1);
    await openScenarioFile(big, o);
    expect(big.text).not.toHaveBeenCalled();
    expect(o.openScenarioText).not.toHaveBeenCalled();
    expect(o.reportFileProblem).toHaveBeenCalledWith(
      'big.yaml',
      'the file is 1,000,001 bytes; scenario files may be at most 1,000,000',
    );
  });

  it('reports a file that cannot be read', async () => {
    const o = opener();
    await openScenarioFile(
      {
        name: 'gone.yaml',
        size: 10,
        text: () => Promise.reject(new Error('NotReadableError: the file was moved')),
      },
      o,
    );
    expect(o.reportFileProblem).toHaveBeenCalledWith(
      'gone.yaml',
      'NotReadableError: the file was moved',
    );
  });
});

describe('judgeDrop', () => {
  it('takes one scenario file', () => {
    const f = file('a.YML');
    expect(judgeDrop({ files: [f] })).toEqual({ kind: 'file', file: f });
  });

  it('refuses several files, no file, a folder and other kinds of file', () => {
    expect(judgeDrop({ files: [file('a.yaml'), file('b.yaml')] })).toEqual({
      kind: 'problem',
      message: 'Nothing was opened: 2 files were dropped. Drop one scenario file at a time.',
    });
    expect(judgeDrop({ files: [] })).toMatchObject({
      kind: 'problem',
      message: expect.stringContaining('is not a file'),
    });
    expect(
      judgeDrop({
        files: [file('lessons.yaml')],
        items: [{ kind: 'file', webkitGetAsEntry: () => ({ isDirectory: true }) }],
      }),
    ).toMatchObject({ kind: 'fileProblem', message: expect.stringContaining('folder') });
    expect(judgeDrop({ files: [file('notes.txt')] })).toMatchObject({
      kind: 'fileProblem',
      fileName: 'notes.txt',
    });
  });
});

describe('file names and drags', () => {
  it('knows scenario files by their ending', () => {
    for (const name of ['a.yaml', 'a.yml', 'a.json', 'A.YAML', 'x.tar.json'])
      expect(isScenarioFileName(name)).toBe(true);
    for (const name of ['a.txt', 'yaml', 'a.yaml.exe', 'a.jsonl', ''])
      expect(isScenarioFileName(name)).toBe(false);
  });

  it('takes files anywhere, links except over a text field, and never text', () => {
    expect(takesDrag(['Files'], false)).toBe(true);
    expect(takesDrag(['Files'], true)).toBe(true);
    expect(takesDrag(['text/uri-list', 'text/plain'], false)).toBe(true);
    expect(takesDrag(['text/uri-list', 'text/plain'], true)).toBe(false);
    expect(takesDrag(['text/plain', 'text/html'], false)).toBe(false);
  });
});
