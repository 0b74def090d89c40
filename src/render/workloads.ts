/** StatefulSets and Jobs from component plans. */
import type { ComponentPlan, ContainerPlan, EnvVar, MountPlan, Topology, VolumeSource } from '../networks/topology.js';
import { commandsConfigMap } from '../networks/naming.js';
import type { KubeObject } from './kube-object.js';
import { ANNOTATION, labels, selector } from './labels.js';
import { containerSecurity, podSecurity } from './security.js';

const COMMANDS_DIR = '/devnet/commands';

/** Each replica runs the command line rendered for its ordinal; a missing one fails loudly. */
const LAUNCH = [
  `f="${COMMANDS_DIR}/replica-\${DEVNET_ORDINAL}.sh"`,
  '[ -f "$f" ] || { echo "devnet: no command line for replica ${DEVNET_ORDINAL} ($f); run devnet up again to re-render" >&2; exit 64; }',
  'exec /bin/sh "$f"',
].join('\n');

const ORDINAL_ENV = { name: 'DEVNET_ORDINAL', valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } } };

export function statefulSet(topology: Topology, component: ComponentPlan, commandHash: string): KubeObject {
  const podLabels = labels({ devnet: topology.name, network: topology.network, validator: component.validator, component: component.name });
  const mounts: MountPlan[] = [
    { volume: 'commands', path: COMMANDS_DIR, readOnly: true, source: { configMap: commandsConfigMap(component.name) } },
    ...component.mounts,
  ];
  const container = {
    name: component.name,
    image: component.image,
    imagePullPolicy: component.pullPolicy,
    command: ['/bin/sh', '-c', LAUNCH],
    env: [ORDINAL_ENV, ...component.env.map(envVar)],
    // A port each replica binds at its own NodePort cannot be listed in the one pod template of
    // the StatefulSet; listing is informational only, Services target it by number.
    ports: component.ports.filter((p) => p.bindsNodePort !== true).map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })),
    resources: component.resources,
    volumeMounts: volumeMounts(mounts, component),
    securityContext: containerSecurity(component),
    ...readinessProbe(component),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: component.name, namespace: component.namespace, labels: podLabels },
    spec: {
      serviceName: component.headless,
      replicas: component.replicas.length,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: selector(topology.name, component.name) },
      template: {
        metadata: { labels: podLabels, annotations: { [ANNOTATION.commandHash]: commandHash } },
        spec: {
          ...podSecurity(component),
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 10,
          initContainers: component.initContainers.map((plan) => initContainer(plan, component)),
          containers: [container],
          volumes: volumes([...mounts, ...component.initContainers.flatMap((c) => c.mounts)]),
        },
      },
      ...(component.volumeClaim === undefined
        ? {}
        : {
            volumeClaimTemplates: [
              {
                metadata: { name: component.volumeClaim.name, labels: podLabels },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  storageClassName: component.volumeClaim.storageClass,
                  resources: { requests: { storage: component.volumeClaim.size } },
                },
              },
            ],
            persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
          }),
    },
  };
}

/**
 * Ready means the process serves: a gRPC health check or an HTTP endpoint when the component has one,
 * otherwise a TCP connect to its main port. Kubernetes' gRPC probe takes a port number, not a name.
 */
export function readinessProbe(component: ComponentPlan): Record<string, unknown> {
  const fallback = component.ports.find((p) => p.protocol === 'TCP' && !p.metrics && p.bindsNodePort !== true);
  const plan = component.readiness ?? (fallback === undefined ? undefined : { kind: 'tcp' as const, port: fallback.name });
  if (plan === undefined) return {};
  const timing = { periodSeconds: 2, failureThreshold: 3 };
  if (plan.kind === 'tcp') return { readinessProbe: { tcpSocket: { port: plan.port }, ...timing } };
  if (plan.kind === 'http') return { readinessProbe: { httpGet: { port: plan.port, path: plan.path }, ...timing } };
  const port = component.ports.find((p) => p.name === plan.port);
  if (port === undefined) throw new Error(`${component.name}: readiness port ${plan.port} is not one of its ports`);
  return { readinessProbe: { grpc: { port: port.port }, ...timing } };
}

export function job(topology: Topology, component: ComponentPlan, command: string[]): KubeObject {
  const podLabels = labels({ devnet: topology.name, network: topology.network, validator: component.validator, component: component.name });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: component.name, namespace: component.namespace, labels: podLabels },
    spec: {
      backoffLimit: 6,
      ...(component.deadlineSeconds === undefined ? {} : { activeDeadlineSeconds: component.deadlineSeconds }),
      template: {
        metadata: { labels: podLabels },
        spec: {
          ...podSecurity(component),
          restartPolicy: 'OnFailure',
          enableServiceLinks: false,
          containers: [
            {
              name: component.name,
              image: component.image,
              imagePullPolicy: component.pullPolicy,
              command,
              env: component.env.map(envVar),
              resources: component.resources,
              volumeMounts: volumeMounts(component.mounts, component),
              securityContext: containerSecurity(component),
            },
          ],
          volumes: volumes(component.mounts),
        },
      },
    },
  };
}

function initContainer(plan: ContainerPlan, component: ComponentPlan): Record<string, unknown> {
  return {
    name: plan.name,
    image: plan.image,
    command: plan.command,
    env: plan.env.map(envVar),
    volumeMounts: plan.mounts.map((m) => ({ name: m.volume, mountPath: m.path, readOnly: m.readOnly, ...(m.subPathExpr === undefined ? {} : { subPathExpr: m.subPathExpr }) })),
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    securityContext: containerSecurity(component),
  };
}

function volumeMounts(mounts: MountPlan[], component: ComponentPlan): Record<string, unknown>[] {
  const claim = component.volumeClaim;
  return [
    ...mounts.map((m) => ({ name: m.volume, mountPath: m.path, readOnly: m.readOnly })),
    ...(claim === undefined ? [] : [{ name: claim.name, mountPath: claim.mountPath }]),
  ];
}

/** One volume per name: an init container and the main container may mount the same one. */
function volumes(mounts: MountPlan[]): Record<string, unknown>[] {
  const unique = new Map(mounts.map((m) => [m.volume, m] as const));
  return [...unique.values()].map((m) => ({ name: m.volume, ...volumeSource(m.source) }));
}

function volumeSource(source: VolumeSource): Record<string, unknown> {
  if ('emptyDir' in source) return { emptyDir: source.medium === undefined ? {} : { medium: source.medium } };
  if ('secret' in source) return { secret: { secretName: source.secret, ...(source.items ? { items: source.items } : {}), defaultMode: source.mode ?? 0o400 } };
  if ('configMap' in source) return { configMap: { name: source.configMap, ...(source.items ? { items: source.items } : {}) } };
  return {
    projected: {
      defaultMode: source.mode ?? 0o400,
      sources: source.projected.map((s) => ('secret' in s ? { secret: { name: s.secret, items: s.items } } : { configMap: { name: s.configMap, items: s.items } })),
    },
  };
}

export function envVar(env: EnvVar): Record<string, unknown> {
  const from = env.from;
  if ('value' in from) return { name: env.name, value: from.value };
  if ('secret' in from) return { name: env.name, valueFrom: { secretKeyRef: { name: from.secret, key: from.key } } };
  if ('configMap' in from) return { name: env.name, valueFrom: { configMapKeyRef: { name: from.configMap, key: from.key, optional: from.optional ?? false } } };
  return { name: env.name, valueFrom: { fieldRef: { fieldPath: from.field } } };
}
