/**
 * KWOK stages that make a pod look the way a kubelet reports three common failures. They are
 * chosen by the image of the pod's first container, so a test (or devnet profile) asks for a
 * failure just by naming an image; nothing is ever pulled.
 */

export const FAULT_IMAGE_PREFIX = 'fault.invalid/';
export const FAULT_IMAGES = {
  imagePull: 'fault.invalid/image-pull',
  crashLoop: 'fault.invalid/crash-loop',
  neverReady: 'fault.invalid/never-ready',
} as const;

/** Set by the harness once a pod's log files and Logs CR exist; every start stage waits for it. */
export const LOGS_ANNOTATION = 'controlplane.devnet.test/logs';
export const LOGS_REGISTERED = 'registered';

export interface Expression {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export const notDeleted: Expression = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
export const logsRegistered: Expression = {
  key: `.metadata.annotations["${LOGS_ANNOTATION}"]`,
  operator: 'In',
  values: [LOGS_REGISTERED],
};

export function firstImageStartsWith(prefix: string, wanted: boolean): Expression {
  return { key: `.spec.containers[0].image | startswith("${prefix}")`, operator: wanted ? 'In' : 'NotIn', values: ['true'] };
}

const phaseIs = (phase: string): Expression => ({ key: '.status.phase', operator: 'In', values: [phase] });
const firstWaitingReason = (operator: 'In' | 'NotIn', reasons: string[]): Expression => ({
  key: '.status.containerStatuses[0].state.waiting.reason',
  operator,
  values: reasons,
});

/** The pod IP, host IP and not-ready conditions every faulty pod reports, as the kubelet does. */
const commonStatus = `
{{ $now := Now }}
{{ $hostIPs := NodeIPsWith .spec.nodeName }}
{{ with $hostIPs }}
hostIP: {{ index . 0 | Quote }}
hostIPs:
{{ range . }}
- ip: {{ . | Quote }}
{{ end }}
{{ end }}
{{ $podIPs := PodIPsWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
{{ with $podIPs }}
podIP: {{ index . 0 | Quote }}
podIPs:
{{ range . }}
- ip: {{ . | Quote }}
{{ end }}
{{ end }}
startTime: {{ $now | Quote }}
conditions:
- {type: PodReadyToStartContainers, status: "True", lastTransitionTime: {{ $now | Quote }}}
- {type: Initialized, status: "True", lastTransitionTime: {{ $now | Quote }}}
- type: Ready
  status: "False"
  reason: ContainersNotReady
  message: {{ printf "containers with unready status: [%s]" ( index .spec.containers 0 ).name | Quote }}
  lastTransitionTime: {{ $now | Quote }}
- type: ContainersReady
  status: "False"
  reason: ContainersNotReady
  message: {{ printf "containers with unready status: [%s]" ( index .spec.containers 0 ).name | Quote }}
  lastTransitionTime: {{ $now | Quote }}
`;

/** Containers whose own image carries the fault get `faulty`; the others run normally. */
function containerStatuses(prefix: string, faulty: string): string {
  return `
containerStatuses:
{{ range .spec.containers }}
- name: {{ .name | Quote }}
  image: {{ .image | Quote }}
  imageID: ""
{{ if hasPrefix "${prefix}" .image }}${faulty}
{{ else }}
  ready: true
  started: true
  restartCount: 0
  state: {running: {startedAt: {{ $now | Quote }}}}
{{ end }}
{{ end }}
`;
}

const errImagePull = `
  ready: false
  started: false
  restartCount: 0
  state:
    waiting:
      reason: ErrImagePull
      message: {{ printf "failed to pull and unpack image %q: failed to resolve reference %q: %s: not found" .image .image .image | Quote }}`;

const imagePullBackOff = `
  ready: false
  started: false
  restartCount: 0
  state:
    waiting:
      reason: ImagePullBackOff
      message: {{ printf "Back-off pulling image %q" .image | Quote }}`;

const crashLoopBackOff = `
  ready: false
  started: false
  restartCount: 1
  state:
    waiting:
      reason: CrashLoopBackOff
      message: {{ printf "back-off 10s restarting failed container=%s pod=%s_%s(%s)" .name $.metadata.name $.metadata.namespace $.metadata.uid | Quote }}
  lastState:
    terminated: {exitCode: 1, reason: Error, startedAt: {{ $now | Quote }}, finishedAt: {{ $now | Quote }}}`;

const runningNotReady = `
  ready: false
  started: true
  restartCount: 0
  state: {running: {startedAt: {{ $now | Quote }}}}`;

function stage(name: string, matchExpressions: Expression[], statusTemplate: string, delayMs?: number) {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Pod' },
      selector: { matchExpressions },
      ...(delayMs === undefined ? {} : { delay: { durationMilliseconds: delayMs } }),
      next: { statusTemplate },
    },
  };
}

export function faultStages(): object[] {
  const pending = [notDeleted, phaseIs('Pending'), logsRegistered];
  return [
    stage(
      'fault-image-pull',
      [...pending, firstImageStartsWith(FAULT_IMAGES.imagePull, true), firstWaitingReason('NotIn', ['ErrImagePull', 'ImagePullBackOff'])],
      `${commonStatus}phase: Pending\n${containerStatuses(FAULT_IMAGES.imagePull, errImagePull)}`,
    ),
    // The kubelet reports ErrImagePull on the failed pull, then backs off; so does this.
    stage(
      'fault-image-pull-backoff',
      [...pending, firstImageStartsWith(FAULT_IMAGES.imagePull, true), firstWaitingReason('In', ['ErrImagePull'])],
      // Only the container statuses change: re-rendering the pod IPs would ask KWOK for new ones.
      `{{ $now := Now }}\n${containerStatuses(FAULT_IMAGES.imagePull, imagePullBackOff)}`,
      1000,
    ),
    stage(
      'fault-crash-loop',
      [...pending, firstImageStartsWith(FAULT_IMAGES.crashLoop, true)],
      `${commonStatus}phase: Running\n${containerStatuses(FAULT_IMAGES.crashLoop, crashLoopBackOff)}`,
    ),
    stage(
      'fault-never-ready',
      [...pending, firstImageStartsWith(FAULT_IMAGES.neverReady, true)],
      `${commonStatus}phase: Running\n${containerStatuses(FAULT_IMAGES.neverReady, runningNotReady)}`,
    ),
  ];
}
