// A worker thread of `kafkascope fuzz --workers N`: loads the TypeScript sources through tsx,
// as bin/kafkascope.js does, then runs the seeds the main thread hands it (src/cli/fuzzWorker.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/fuzzWorker.ts');
