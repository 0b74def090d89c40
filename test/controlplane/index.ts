/**
 * A real Kubernetes control plane for tests: etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler built from Go modules, with KWOK playing nodes, kubelets and pod logs.
 * See README.md in this directory for the contracts (pod logs, fault images) and figures.
 */
export { BINARIES, KUBERNETES_VERSION, ensureBinaries, type BuildOptions, type BuildResult } from './build.js';
export { NODE_NAME, startControlPlane, type StartOptions } from './harness/control-plane.js';
export type { ControlPlane, StopOptions } from './harness/teardown.js';
export { ControlPlaneError } from './harness/errors.js';
export { FAULT_IMAGES, LOGS_ANNOTATION } from './harness/fault-stages.js';
export { DEFAULT_STORAGE_CLASS, STORAGE_CLASSES } from './harness/kwok-config.js';
export { crashLoopLog } from './harness/pod-watcher.js';
export { containerLogPaths, type LogStream } from './harness/pod-logs.js';
export { keptLogsDir, runsDir, standaloneStateDir, stateRoot } from './harness/paths.js';
