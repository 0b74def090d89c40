/**
 * Planning for template-driven P2P networks: per validator one StatefulSet of nodes; each replica
 * gets its own command line, its own key and one NodePort per exposed port.
 */
import type { CodexProfile } from '../codex/profile-schema.js';
import type { SubstrateProfile } from '../substrate/profile-schema.js';
import { clusterPlan, DOWNWARD_ENV, range, validatorNamespaces } from '../common.js';
import { podHost, podName, sharedNamespace, validatorName, validatorNamespace } from '../naming.js';
import type { ComponentPlan, DataPlan, EnvVar, ReadinessPlan, ReplicaPlan, Topology } from '../topology.js';
import { runtime } from './templates.js';
import { healthPlan } from '../health.js';
import { PlanError, PlanErrors } from '../../config/plan-error.js';
import type { P2pFlavour, Slot } from './flavour.js';
import { keyCopier, keyMounts, keyRequests, keySecret } from './keys.js';
import { exposures, replica } from './replica.js';

export type { P2pFlavour } from './flavour.js';

/** Material name of the bootstrap node's address: empty until devnet discovers it at run time. */
export const BOOTSTRAP_ADDRESS = 'bootstrap.address';

type Planning = P2pFlavour & { errors: PlanError[] };

export function planP2p(flavour: P2pFlavour): Topology {
  const errors: PlanError[] = [];
  const topology = planWith({ ...flavour, errors });
  // Each component of the section is planned from the same fields: report a problem once.
  const unique = errors.filter((e, i) => errors.findIndex((o) => o.message === e.message && o.path.join('.') === e.path.join('.')) === i);
  if (unique.length > 0) throw new PlanErrors(unique);
  return topology;
}

function planWith(flavour: Planning): Topology {
  const { profile, section } = flavour;
  const indexBase = flavour.bootstrap ? 1 : 0;
  const exposuresOf = (v: number) => range(section.replicas).flatMap((r) => exposures(section, indexBase + v * section.replicas + r));
  const components = range(profile.validators).map((v) => nodeComponent(flavour, v, indexBase));
  const shared = flavour.bootstrap ? [bootstrapComponent(flavour)] : [];
  const all = [...shared, ...components];
  const keys = keyRequests(flavour, all);
  return {
    name: profile.name,
    network: profile.network,
    ...(profile.description === undefined ? {} : { description: profile.description }),
    cluster: clusterPlan(profile, exposuresOf, flavour.bootstrap ? exposures(section, 0) : []),
    namespaces: [...(shared.length > 0 ? [{ name: sharedNamespace(profile.name), validator: null }] : []), ...validatorNamespaces(profile)],
    validators: range(profile.validators).map((v) => ({
      index: v,
      name: validatorName(v),
      namespace: validatorNamespace(profile.name, v),
      endpoints: (components[v]?.replicas ?? []).flatMap((r) => r.exposures.map((e) => ({ label: `${r.pod} ${e.portName}`, address: `${hostOf(profile)}:${e.hostPort}`, nodePort: e.nodePort }))),
    })),
    components: all,
    scylla: [],
    prerequisites: [],
    data: [...(keys.length === 0 ? [] : all.map((c) => keySecret(flavour, c))), ...(flavour.bootstrap ? components.map(bootstrapAddressConfigMap) : [])],
    ingresses: [],
    serviceMonitors: { enabled: section.serviceMonitor.enabled, interval: section.serviceMonitor.interval },
    material: { kind: 'replica-keys', keys, discovered: flavour.bootstrap ? [BOOTSTRAP_ADDRESS] : [] },
    flows: flavour.flows,
  };
}

function hostOf(profile: SubstrateProfile | CodexProfile): string {
  return profile.cluster.listenAddress === '0.0.0.0' ? 'localhost' : profile.cluster.listenAddress;
}

function nodeComponent(flavour: Planning, v: number, indexBase: number): ComponentPlan {
  const { section } = flavour;
  const namespace = validatorNamespace(flavour.profile.name, v);
  const slots = range(section.replicas).map((ordinal) => ({ component: flavour.component, namespace, validator: v, ordinal, index: indexBase + v * section.replicas + ordinal }));
  return component(flavour, slots, { phase: 'nodes', role: flavour.role, bootstrapAddress: flavour.bootstrap ? runtime('DEVNET_BOOTSTRAP_ADDRESS') : '' });
}

function bootstrapComponent(flavour: Planning): ComponentPlan {
  const slot = { component: 'bootstrap', namespace: sharedNamespace(flavour.profile.name), validator: null, ordinal: 0, index: 0 };
  const plan = component(flavour, [slot], { phase: 'bootstrap', role: flavour.bootstrap?.role ?? '', bootstrapAddress: '' });
  return flavour.bootstrap === undefined ? plan : { ...plan, discovery: flavour.bootstrap.api };
}

interface ComponentOptions {
  phase: ComponentPlan['phase'];
  role: string;
  bootstrapAddress: string;
}

function component(flavour: Planning, slots: Slot[], options: ComponentOptions): ComponentPlan {
  const { section } = flavour;
  const first = slots[0];
  if (first === undefined) throw new Error('a component needs at least one replica');
  const replicas = slots.map((slot) => replica(flavour, slot, options.bootstrapAddress, flavour.errors));
  const { shared, own } = splitEnv(replicas);
  return {
    name: first.component,
    headless: first.component,
    workload: 'StatefulSet',
    role: options.role,
    namespace: first.namespace,
    validator: first.validator,
    phase: options.phase,
    image: section.image,
    pullPolicy: section.imagePullPolicy,
    ports: Object.entries(section.ports).map(([name, spec]) => ({
      name,
      port: spec.port ?? spec.nodePort?.base ?? 0,
      protocol: spec.protocol,
      metrics: spec.metrics,
      ...(spec.nodePort?.bind === true ? { bindsNodePort: true } : {}),
    })),
    replicas: own,
    env: [
      ...DOWNWARD_ENV.map((e) => ({ name: e.name, from: { ...e.from } })),
      ...(options.phase === 'nodes' && flavour.bootstrap ? bootstrapEnv(flavour, flavour.bootstrap.api) : []),
      ...shared,
    ],
    ...(options.phase === 'nodes' && flavour.bootstrap ? { prelude: BOOTSTRAP_PRELUDE } : {}),
    mounts: keyMounts(flavour),
    initContainers: keyCopier(flavour, first.component, first, section.image, replicas),
    resources: section.resources,
    ...(section.runAs === null ? {} : { runAs: section.runAs }),
    volumeClaim: { name: 'data', size: section.volume.size, storageClass: section.volume.storageClass, mountPath: section.volume.mountPath },
    ...healthPlan(section.health, slots.map((slot) => ({ index: slot.index, namespace: slot.namespace, pod: podName(slot.component, slot.ordinal) }))),
    readiness: readiness(flavour),
    ...(section.fsGroup === null ? {} : { fsGroup: section.fsGroup }),
    traffic: ['peers connect to each replica on its P2P ports, from inside the cluster or through its NodePort'],
  };
}

/** Environment values equal in every replica go into the pod spec; values that differ are exported by each replica's script. */
function splitEnv(replicas: ReplicaPlan[]): { shared: EnvVar[]; own: ReplicaPlan[] } {
  const names = (replicas[0]?.env ?? []).map((e) => e.name);
  const literal = (name: string, r: ReplicaPlan) => {
    const word = r.env?.find((e) => e.name === name)?.value ?? [];
    return word.every((s) => 'text' in s) ? word.map((s) => ('text' in s ? s.text : '')).join('') : undefined;
  };
  const same = names.filter((name) => {
    const first = replicas[0] === undefined ? undefined : literal(name, replicas[0]);
    return first !== undefined && replicas.every((r) => literal(name, r) === first);
  });
  return {
    shared: same.map((name) => ({ name, from: { value: replicas[0] === undefined ? '' : (literal(name, replicas[0]) ?? '') } })),
    own: replicas.map((r) => ({ ...r, env: (r.env ?? []).filter((e) => !same.includes(e.name)) })),
  };
}

function readiness(flavour: Planning): ReadinessPlan {
  const { section, sectionKey } = flavour;
  const { port, path } = section.readiness;
  const spec = section.ports[port];
  if (spec === undefined || spec.protocol !== 'TCP' || spec.nodePort?.bind === true) {
    const known = Object.entries(section.ports).filter(([, s]) => s.protocol === 'TCP' && s.nodePort?.bind !== true).map(([n]) => n);
    flavour.errors.push(new PlanError([sectionKey, 'readiness', 'port'], `is ${JSON.stringify(port)}, not a TCP port with a fixed number of the node`, `one of: ${known.join(', ')}`));
  }
  return path === undefined ? { kind: 'tcp', port } : { kind: 'http', port, path };
}

/**
 * Where a node learns the bootstrap node's address: the bootstrap ConfigMap, which `up` fills once it
 * has discovered the address, and else the bootstrap node's own API, asked from the pod (see below).
 */
function bootstrapEnv(flavour: Planning, api: { port: number; path: string }): EnvVar[] {
  const host = podHost('bootstrap', 0, 'bootstrap', sharedNamespace(flavour.profile.name));
  return [
    { name: 'DEVNET_BOOTSTRAP_ADDRESS', from: { configMap: 'bootstrap', key: 'address' } },
    { name: 'DEVNET_BOOTSTRAP_API', from: { value: `http://${host}:${api.port}${api.path}` } },
  ];
}

/**
 * A node started before devnet filled the ConfigMap (`devnet render | kubectl apply`, or a pod
 * restarting while `up` runs again) asks the bootstrap node for its SPR itself, until it answers,
 * as the image's own entrypoint does with BOOTSTRAP_NODE_URL (nim-codex v0.2.5
 * docker/docker-entrypoint.sh:17-35, with the curl that docker/codex.Dockerfile:44 installs). The
 * API answers 503 until the node has a DHT record, then the SPR as text/plain (codex/rest/api.nim:836-850).
 */
export const BOOTSTRAP_PRELUDE = [
  'if [ -z "${DEVNET_BOOTSTRAP_ADDRESS:-}" ]; then',
  '  echo "devnet: the bootstrap ConfigMap has no address yet; asking the bootstrap node at $DEVNET_BOOTSTRAP_API"',
  '  until DEVNET_BOOTSTRAP_ADDRESS=$(curl -sf -m 5 -H "Accept: text/plain" "$DEVNET_BOOTSTRAP_API") && [ -n "$DEVNET_BOOTSTRAP_ADDRESS" ]; do sleep 2; done',
  '  export DEVNET_BOOTSTRAP_ADDRESS',
  'fi',
].join('\n');

/** Filled with the bootstrap node's address once devnet has discovered it (see the bootstrap phase of up). */
function bootstrapAddressConfigMap(component: ComponentPlan): DataPlan {
  return {
    kind: 'ConfigMap',
    name: 'bootstrap',
    namespace: component.namespace,
    validator: component.validator,
    component: component.name,
    purpose: 'address of the bootstrap node, read by every node at start-up as DEVNET_BOOTSTRAP_ADDRESS',
    entries: [{ key: 'address', material: BOOTSTRAP_ADDRESS }],
    untilDiscovered: BOOTSTRAP_ADDRESS,
  };
}
