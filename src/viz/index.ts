/**
 * The drawing layer's public face: pure layouts (snapshot → coordinates), the scenes that draw
 * them with D3, and reading back which drawn thing an element is.
 */
export type { ClusterLayout, LogStrip } from './layoutTypes';
export { layoutCluster } from './clusterLayout';
export { createClusterScene } from './clusterScene';
export { createLogScene } from './logScene';
export { layoutLogView } from './logViewLayout';
export { laneFloors, lanesNeeded, nextLaneHold, NO_LANE_HOLD, type LaneHold } from './laneHold';
export { pageEnd, type PageDirection } from './logWindow';
export { stripOfElement } from './logLayer';
export { layoutSparkline, type SeriesPoint } from './sparkline';
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
export {
  statefulSubtopologies,
  subtopologyOfTask,
  topologyBoxes,
  topologyFlow,
  topologySummary,
  type FlowStep,
  type TopicRole,
  type TopologyBox,
  type TopologyRow,
  type TopologyStore,
  type TopologyTopic,
} from './topologyLayout';
export {
  layoutWindows,
  type KeyRow,
  type RecordMark,
  type WindowBox,
  type WindowLayout,
  type TimeLine,
  type WindowState,
} from './windowLayout';
