/**
 * The engine's small pure helpers that the page's first screen uses, without the simulation:
 * importing them from `./index.ts` would bring the whole engine into the first picture (it
 * loads after it: store/deferredDriver.ts). Only modules with no engine code behind them.
 */
export { dict, own } from './names';
export { controllerName, quorumState, type QuorumState } from './quorum';
export { indexAtOrAfter, recordAtOffset, type RecordsByOffset } from './logIndex';
