/** The log engine, for `devnet logs` and the dashboard. */
export { LogFollower, kubeLogApi, type LogRequest, type LogSummary } from './follower.js';
export { scopeOfSelection, podQuery, describeScope, type LogScope } from './scope.js';
export { parseSelector, type Catalogue } from './selector.js';
export { linePredicate, keepAll, type LinePredicate } from './patterns.js';
export { dashboardLogs } from './source.js';
export type { FollowerEvent, LogSink, LogApi, PodRef } from './types.js';
