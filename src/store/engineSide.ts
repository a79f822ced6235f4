/**
 * What the store loads once the first picture is on screen: the runtime's driver (with the
 * engine) and the revival of precompiled built-in scenarios (their checks read engine
 * reports). One module, so both come in one chunk.
 */
export { createSimulationDriver } from '../runtime';
export { MAX_RECORDS_HELD } from '../engine';
export { revivePrecompiled } from '../scenario/precompiled';
