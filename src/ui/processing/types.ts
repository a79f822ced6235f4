import type { StreamsAppView, StreamsQueryView } from '../../engine';

/**
 * What every part of the processing view is given: the application and the query it shows
 * (from the latest snapshot) and the simulation's clock. Parts read nothing else from the
 * snapshot, so they can be rendered in tests from a view alone.
 */
export interface ProcessingPartProps {
  readonly app: StreamsAppView;
  readonly query: StreamsQueryView;
  readonly nowMs: number;
}
