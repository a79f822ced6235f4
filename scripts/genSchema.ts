/**
 * Writes public/scenario.schema.json from the zod schema in src/scenario/schema.ts, so
 * editors (`# yaml-language-server: $schema=…`, JSON `"$schema"`) complete and check
 * scenario files. A test in src/scenario fails when the committed file is out of date:
 * run `npx tsx scripts/genSchema.ts` after changing the schema.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../src/scenario';

const target = resolve(dirname(fileURLToPath(import.meta.url)), '../public/scenario.schema.json');
writeFileSync(target, scenarioJsonSchemaText());
console.log(`wrote ${target}`);
