import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from './schema';
import { STEP_KIND_NAMES } from './steps';

describe('public/scenario.schema.json', () => {
  it('is up to date with the zod schema (run `npx tsx scripts/genSchema.ts` after changing it)', () => {
    const committed = readFileSync(
      new URL('../../public/scenario.schema.json', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it('describes the file format for editors', () => {
    const schema = scenarioJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: {
        steps: { items: { anyOf: { required: string[]; additionalProperties: boolean }[] } };
      };
    };
    expect(schema.required).toEqual(['title', 'duration', 'cluster']);
    expect(schema.additionalProperties).toBe(false);
    const steps = schema.properties.steps.items.anyOf;
    expect(steps.map((s) => s.required)).toEqual(STEP_KIND_NAMES.map((k) => ['at', k]));
    expect(steps.every((s) => s.additionalProperties === false)).toBe(true);
  });
});
