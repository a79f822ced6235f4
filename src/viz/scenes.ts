/**
 * The first screen's face of the drawing layer: the cluster and log scenes with their layouts.
 * `./index.ts` also brings the processing view's layouts, which load with that view.
 */
export type { ClusterLayout, LayoutOptions, LogStrip } from './layoutTypes';
export { layoutCluster, layoutWidth } from './clusterLayout';
export { createClusterScene, type SceneOptions } from './clusterScene';
export type { CurrentBand } from './logLayer';
export { createLogScene } from './logScene';
export { layoutLogView } from './logViewLayout';
export {
  heldHeight,
  laneFloors,
  lanesNeeded,
  nextLaneHold,
  NO_HEIGHT_HOLD,
  NO_LANE_HOLD,
  type HeightHold,
  type LaneHold,
} from './laneHold';
export { pageEnd, type PageDirection } from './logWindow';
export { stripOfElement } from './logLayer';
export {
  arrangementOf,
  brokersInSummaryFor,
  fitStage,
  legible,
  scaleToFit,
  shapeKey,
  type StageArrangement,
} from './stageFit';
export { sameTarget, targetAt, type VizTarget } from './vizTarget';
export { setAttrIfChanged } from './dom';
