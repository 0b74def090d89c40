/**
 * Planning for template-driven P2P networks: per validator one StatefulSet of nodes; each replica
 * gets its own command line, its own key and one NodePort per exposed port.
 */
import type { CodexProfile, SubstrateProfile } from '../../config/schema.js';
import { clusterPlan, DOWNWARD_ENV, range, validatorNamespaces } from '../common.js';
import { podHost, podName, sharedNamespace, validatorName, validatorNamespace } from '../naming.js';
import type { ComponentPlan, DataPlan, HostExposure, MountPlan, ReplicaPlan, Topology, Word } from '../topology.js';
import { renderCommand } from './command.js';
import { runtime } from './templates.js';
import { healthPlan } from '../health.js';
import type { PlanError} from '../plan-error.js';
import { PlanErrors } from '../plan-error.js';

type Section = SubstrateProfile['substrate'] | CodexProfile['codex'];

/** Material name of the bootstrap node's address: empty until devnet discovers it at run time. */
export const BOOTSTRAP_ADDRESS = 'bootstrap.address';

export interface P2pFlavour {
  profile: SubstrateProfile | CodexProfile;
  section: Section;
  sectionKey: 'substrate' | 'codex';
  component: string;
  role: string;
  /** A bootstrap node in the shared namespace, whose address the other nodes receive. */
  bootstrap?: { role: string; api: { port: number; path: string } };
  /** Give every node but the first the first node's address and peer id (--bootnodes). */
  bootnodes: boolean;
  flows: string[];
}

interface Slot {
  component: string;
  namespace: string;
  validator: number | null;
  ordinal: number;
  index: number;
}

export function planP2p(flavour: P2pFlavour): Topology {
  const errors: PlanError[] = [];
  const topology = planWith({ ...flavour, errors });
  if (errors.length > 0) throw new PlanErrors(errors);
  return topology;
}

function planWith(flavour: P2pFlavour & { errors: PlanError[] }): Topology {
  const { profile, section } = flavour;
  const indexBase = flavour.bootstrap ? 1 : 0;
  const exposuresOf = (v: number) => range(section.replicas).flatMap((r) => exposures(section, indexBase + v * section.replicas + r));
  const components = range(profile.validators).map((v) => nodeComponent(flavour, v, indexBase));
  const shared = flavour.bootstrap ? [bootstrapComponent(flavour)] : [];
  const all = [...shared, ...components];
  const namespaces = [
    ...(shared.length > 0 ? [{ name: sharedNamespace(profile.name), validator: null }] : []),
    ...validatorNamespaces(profile),
  ];
  return {
    name: profile.name,
    network: profile.network,
    ...(profile.description === undefined ? {} : { description: profile.description }),
    cluster: clusterPlan(profile, exposuresOf, flavour.bootstrap ? exposures(section, 0) : []),
    namespaces,
    validators: range(profile.validators).map((v) => ({
      index: v,
      name: validatorName(v),
      namespace: validatorNamespace(profile.name, v),
      endpoints: (components[v]?.replicas ?? []).flatMap((replica) =>
        replica.exposures.map((e) => ({ label: `${replica.pod} ${e.portName}`, address: `${hostOf(profile)}:${e.hostPort}` })),
      ),
    })),
    components: all,
    scylla: [],
    data: [
      ...(section.keys === null ? [] : all.map((component) => keySecret(flavour, component))),
      ...(flavour.bootstrap ? components.map(bootstrapAddressConfigMap) : []),
    ],
    ingresses: [],
    serviceMonitors: { enabled: false, interval: '30s' },
    material: {
      kind: 'replica-keys',
      keys:
        section.keys === null
          ? []
          : all.flatMap((c) => c.replicas.map((r) => ({ name: keyName(section, r.index), type: section.keys?.type ?? 'ed25519' }))),
      discovered: flavour.bootstrap ? [BOOTSTRAP_ADDRESS] : [],
    },
    flows: flavour.flows,
  };
}

function hostOf(profile: SubstrateProfile | CodexProfile): string {
  return profile.cluster.listenAddress === '0.0.0.0' ? 'localhost' : profile.cluster.listenAddress;
}

function exposures(section: Section, index: number): HostExposure[] {
  return Object.entries(section.ports).flatMap(([name, spec]) => {
    if (spec.nodePort === undefined) return [];
    const nodePort = spec.nodePort.base + spec.nodePort.offset * index;
    return [{ portName: name, protocol: spec.protocol, nodePort, hostPort: nodePort }];
  });
}

function keyName(section: Section, index: number): string {
  return `${section.keys?.fileName ?? 'key'}-${index}`;
}

function nodeComponent(flavour: P2pFlavour & { errors: PlanError[] }, v: number, indexBase: number): ComponentPlan {
  const { section } = flavour;
  const namespace = validatorNamespace(flavour.profile.name, v);
  const slots = range(section.replicas).map((ordinal) => ({
    component: flavour.component,
    namespace,
    validator: v,
    ordinal,
    index: indexBase + v * section.replicas + ordinal,
  }));
  return component(flavour, slots, {
    phase: 'nodes',
    role: flavour.role,
    bootstrapAddress: flavour.bootstrap ? runtime('DEVNET_BOOTSTRAP_ADDRESS') : '',
  });
}

function bootstrapComponent(flavour: P2pFlavour & { errors: PlanError[] }): ComponentPlan {
  const slot = { component: 'bootstrap', namespace: sharedNamespace(flavour.profile.name), validator: null, ordinal: 0, index: 0 };
  const plan = component(flavour, [slot], { phase: 'bootstrap', role: flavour.bootstrap?.role ?? '', bootstrapAddress: '' });
  return flavour.bootstrap === undefined ? plan : { ...plan, discovery: flavour.bootstrap.api };
}

interface ComponentOptions {
  phase: ComponentPlan['phase'];
  role: string;
  bootstrapAddress: string;
}

function component(flavour: P2pFlavour & { errors: PlanError[] }, slots: Slot[], options: ComponentOptions): ComponentPlan {
  const { section } = flavour;
  const first = slots[0];
  if (first === undefined) throw new Error('a component needs at least one replica');
  const replicas = slots.map((slot) => replica(flavour, slot, options.bootstrapAddress));
  const ports = Object.entries(section.ports).map(([name, spec]) => ({ name, port: spec.port, protocol: spec.protocol, metrics: spec.metrics }));
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
    ports,
    replicas,
    env: [
      ...DOWNWARD_ENV.map((e) => ({ name: e.name, from: { ...e.from } })),
      ...(options.phase === 'nodes' && flavour.bootstrap
        ? [{ name: 'DEVNET_BOOTSTRAP_ADDRESS', from: { configMap: 'bootstrap', key: 'address', optional: true } }]
        : []),
    ],
    mounts: keyMounts(section, first.component),
    initContainers: [],
    resources: section.resources,
    volumeClaim: { name: 'data', size: section.volume.size, storageClass: section.volume.storageClass, mountPath: section.volume.mountPath },
    ...healthPlan(section.health, slots.map((slot) => ({ index: slot.index, namespace: slot.namespace, pod: podName(slot.component, slot.ordinal) }))),
    traffic: ['peers connect to each replica on its P2P ports, from inside the cluster or through its NodePort'],
  };
}

function replica(flavour: P2pFlavour & { errors: PlanError[] }, slot: Slot, bootstrapAddress: string): ReplicaPlan {
  const { section, profile } = flavour;
  const replicaExposures = exposures(section, slot.index);
  const ports = Object.fromEntries(
    Object.entries(section.ports).map(([name, spec]) => {
      const exposed = replicaExposures.find((e) => e.portName === name);
      return [name, { port: spec.port, ...(exposed ? { nodePort: exposed.nodePort, hostPort: exposed.hostPort } : {}) }];
    }),
  );
  const context = {
    index: slot.index,
    ordinal: slot.ordinal,
    validator: slot.validator ?? -1,
    replicas: section.replicas,
    devnet: profile.name,
    namespace: slot.namespace,
    component: slot.component,
    pod: { name: podName(slot.component, slot.ordinal), address: runtime('DEVNET_POD_IP') },
    node: { address: runtime('DEVNET_NODE_IP') },
    ports,
    ...(section.keys === null ? {} : { key: { path: `${section.keys.mountPath}/${keyName(section, slot.index)}` } }),
    bootstrap: { address: bootstrapAddress },
  };
  const command = renderCommand({ path: [flavour.sectionKey], command: section.command, args: section.args }, context, flavour.errors);
  return {
    ordinal: slot.ordinal,
    index: slot.index,
    pod: podName(slot.component, slot.ordinal),
    command: [...command, ...bootnodeArgs(flavour, slot)],
    exposures: replicaExposures,
  };
}

/** `--bootnodes /dns/<first node>/tcp/<p2p port>/p2p/<its peer id>` for every node but the first. */
function bootnodeArgs(flavour: P2pFlavour, slot: Slot): Word[] {
  const { section, profile } = flavour;
  const p2p = Object.entries(section.ports).find(([, spec]) => spec.nodePort !== undefined);
  if (!flavour.bootnodes || slot.index === 0 || p2p === undefined || section.keys?.type !== 'ed25519') return [];
  const host = podHost(flavour.component, 0, flavour.component, validatorNamespace(profile.name, 0));
  return [[{ text: '--bootnodes' }], [{ text: `/dns/${host}/tcp/${p2p[1].port}/p2p/` }, { material: `${keyName(section, 0)}.peer-id` }]];
}

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
  };
}

function keyMounts(section: Section, component: string): MountPlan[] {
  if (section.keys === null) return [];
  return [{ volume: 'keys', path: section.keys.mountPath, source: { secret: `${component}-keys`, mode: 0o400 }, readOnly: true }];
}

function keySecret(flavour: P2pFlavour, component: ComponentPlan): DataPlan {
  const section = flavour.section;
  return {
    kind: 'Secret',
    name: `${component.name}-keys`,
    namespace: component.namespace,
    validator: component.validator,
    component: component.name,
    purpose: `one ${section.keys?.type ?? ''} key per replica; replica N reads ${section.keys?.mountPath ?? ''}/${section.keys?.fileName ?? ''}-<index>`,
    entries: component.replicas.map((r) => ({ key: keyName(section, r.index), material: keyName(section, r.index) })),
  };
}
