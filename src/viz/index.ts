/**
 * The drawing layer's public face: pure layouts (snapshot → coordinates), the scenes that draw
 * them with D3, and reading back which drawn thing an element is.
 */
export * from './scenes';
export { layoutSparkline, type SeriesPoint } from './sparkline';
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
