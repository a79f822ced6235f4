import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COURSE } from '../scenario';
import { parseLaunchOptions } from '../store';
import { EMBED_COMMAND_TYPES, EMBED_EVENT_TYPES } from './embedApi';

/** docs/embedding.md is checked, so its addresses and lesson list cannot drift from the app. */
const DOC = readFileSync(new URL('../../docs/embedding.md', import.meta.url), 'utf8');

const decodeAttribute = (value: string) => value.replace(/&amp;/g, '&');

describe('docs/embedding.md', () => {
  const sources = [...DOC.matchAll(/<iframe[^>]*?\ssrc="([^"]+)"/g)].map((m) =>
    decodeAttribute(m[1]),
  );

  it('has iframe examples whose addresses the app reads as embed mode, without problems', () => {
    expect(sources.length).toBeGreaterThanOrEqual(3);
    for (const src of sources) {
      const url = new URL(src);
      const options = parseLaunchOptions(url.search, url.hash);
      expect(options.problems, src).toEqual([]);
      expect(options.mode, src).toBe('embed');
      expect(
        existsSync(new URL(`../../public/scenarios/${options.scenario}.yaml`, import.meta.url)),
        src,
      ).toBe(true);
    }
  });

  it('documents embed mode opening paused unless autoplay, and t pausing at its moment', () => {
    expect(parseLaunchOptions('?embed&scenario=lesson-04-keys').paused).toBe(true);
    expect(parseLaunchOptions('?embed&scenario=lesson-04-keys&autoplay').paused).toBe(false);
    expect(parseLaunchOptions('?embed&t=12s').untilMs).toBe(12_000);
    expect(parseLaunchOptions('?embed&view=log').view).toBe('log');
    expect(parseLaunchOptions('?embed&seed=7').seed).toBe(7);
    expect(parseLaunchOptions('?embed', '#share=1abc').share).toBe('1abc');
  });

  it('lists every lesson of the course by name, number and title', () => {
    const rows = [...DOC.matchAll(/^\| `(lesson-[^`]+)`\s*\| (\d+)\. (.+?)\s*\|$/gm)].map((m) => ({
      id: m[1],
      number: Number(m[2]),
      title: m[3],
    }));
    expect(rows).toEqual(COURSE.map(({ id, number, title }) => ({ id, number, title })));
  });

  it('documents exactly the embed API’s message types, in and out', () => {
    const section = (title: string) => {
      const start = DOC.indexOf(`### ${title}`);
      return DOC.slice(start, DOC.indexOf('\n### ', start + 4));
    };
    const typesIn = (text: string) => [
      ...new Set([...text.matchAll(/^\| `(kafkascope:\w+)`/gm)].map((m) => m[1])),
    ];
    expect(typesIn(section('Messages to the frame'))).toEqual([...EMBED_COMMAND_TYPES]);
    expect(typesIn(section('Events from the frame'))).toEqual([...EMBED_EVENT_TYPES]);
  });

  it('documents display parameters whose every value the app takes without a warning', () => {
    // The rows that list a parameter's choices, such as `&chrome=full\|minimal\|none`.
    const rows = [...DOC.matchAll(/^\| `&(\w+)=(\w+(?:\\\|\w+)+)`/gm)];
    const names = rows.map((m) => m[1]);
    expect(names).toEqual(expect.arrayContaining(['chrome', 'caption', 'panel', 'theme']));
    for (const [, name, values] of rows)
      for (const value of values.split('\\|')) {
        const options = parseLaunchOptions(`?embed&${name}=${value}`);
        expect(options.warnings, `${name}=${value}`).toEqual([]);
        expect(options.problems, `${name}=${value}`).toEqual([]);
      }
    expect(
      parseLaunchOptions('?embed&start=caption:3&fit&origin=https://host.example'),
    ).toMatchObject({
      startCaption: 3,
      display: { fit: true },
      origin: 'https://host.example',
      warnings: [],
    });
  });
});
