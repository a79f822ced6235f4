/**
 * What the page's first screen uses of the runtime, without the run loop and the engine
 * (they load after the first picture: store/deferredDriver.ts). Only modules that import
 * engine types or `engine/light`.
 */
export {
  ACTIVITY_BADGE_MS,
  activityAt,
  EMPTY_ACTIVITY,
  reduceActivity,
  type Activity,
} from './activity';
export type { EventLog } from './eventLog';
export { formatEventTime, formatWindow } from './eventTime';
export { throughputSeries, type MetricsSeries } from './metrics';
