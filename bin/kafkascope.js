#!/usr/bin/env node
// The `kafkascope` executable. It runs the TypeScript sources directly through tsx, so
// `npx kafkascope …` and `npm run sim -- …` work from a checkout without a build step.
// Everything else lives in src/cli/main.ts, which returns an exit code instead of exiting.
import { register } from 'tsx/esm/api';

register();
const { main, processIo } = await import('../src/cli/main.ts');

// A closed pipe (`kafkascope run x --trace - | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// exitCode, not exit(): pending output is flushed before the process ends.
process.exitCode = await main(process.argv.slice(2), processIo());
