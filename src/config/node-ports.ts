/**
 * NodePorts and host ports of a whole devnet, planned at once: every exposed port of every replica of
 * every validator up to the reserved maximum (cluster.reservedValidators), the bootstrap node and
 * Linera's proxies. Kubernetes allocates a NodePort number once in the cluster whatever its
 * protocol, so two Services can never share one (only one Service may carry it for TCP and UDP);
 * kind maps host ports per protocol. Overlaps are refused here, naming both fields, before the API
 * server refuses one Service half-way through `up`.
 */
import type { HostExposure, Topology } from '../networks/topology.js';
import type { FieldPath } from './source.js';
import type { Problem } from './problem.js';
import type { Profile } from './schema.js';

const NODE_PORT_MAX = 32767;

interface Planned {
  exposure: HostExposure;
  /** Which replica it belongs to, for people: "node 3", "validator 2's proxy". */
  who: string;
  /** One Service per replica: the same number may serve TCP and UDP within it. */
  service: string;
  field: FieldPath;
}

function planned(profile: Profile, topology: Topology): Planned[] {
  if (profile.network === 'linera') {
    return topology.cluster.reserved.map((exposure, v) => ({ exposure, who: `validator ${v}'s proxy`, service: `linera-${v}`, field: ['linera', 'exposure', 'nodePortBase'] }));
  }
  const section = profile.network === 'substrate' ? profile.substrate : profile.codex;
  const bootstrap = profile.network === 'codex' && profile.codex.bootstrap.enabled;
  return topology.cluster.reserved.map((exposure) => {
    const spec = section.ports[exposure.portName]?.nodePort;
    const index = spec === undefined ? -1 : (exposure.nodePort - spec.base) / spec.offset;
    const who = bootstrap && index === 0 ? 'the bootstrap node' : `node ${index}`;
    return { exposure, who, service: `node-${index}`, field: [profile.network, 'ports', exposure.portName, 'nodePort'] };
  });
}

function reservedNodes(profile: Profile): string {
  const validators = Math.max(profile.validators, profile.cluster.reservedValidators);
  if (profile.network === 'linera') return `${validators} validators (cluster.reservedValidators)`;
  const replicas = profile.network === 'substrate' ? profile.substrate.replicas : profile.codex.replicas;
  const bootstrap = profile.network === 'codex' && profile.codex.bootstrap.enabled ? ' + the bootstrap node' : '';
  return `${validators} validators (cluster.reservedValidators) × ${replicas} replicas${bootstrap}`;
}

function range(all: Planned[], field: FieldPath, portName: string): string {
  const ports = all.filter((p) => p.field.join('.') === field.join('.') && p.exposure.portName === portName).map((p) => p.exposure.nodePort);
  return `${Math.min(...ports)}-${Math.max(...ports)}`;
}

const describe = (p: Planned) => `${p.exposure.portName} (${p.exposure.protocol}) of ${p.who}`;

export function nodePortProblems(profile: Profile, topology: Topology): Problem[] {
  const all = planned(profile, topology);
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const report = (key: string, problem: () => Problem) => {
    if (reported.has(key)) return;
    reported.add(key);
    problems.push(problem());
  };
  const byNodePort = new Map<number, Planned>();
  const byHostPort = new Map<string, Planned>();
  for (const p of all) {
    const path = [...p.field, ...(profile.network === 'linera' ? [] : ['base'])];
    if (p.exposure.nodePort > NODE_PORT_MAX) {
      report(`range ${p.field.join('.')}`, () => ({
        severity: 'error',
        path,
        message: `gives ${describe(p)} NodePort ${p.exposure.nodePort}, beyond the NodePort range 30000-${NODE_PORT_MAX}; ports are planned for ${reservedNodes(profile)}`,
        hint: 'lower the base or the offset, or cluster.reservedValidators',
      }));
      continue;
    }
    const other = byNodePort.get(p.exposure.nodePort);
    if (other !== undefined && !(other.service === p.service && other.exposure.protocol !== p.exposure.protocol)) {
      const fields = [other.field.join('.'), p.field.join('.')] as const;
      report(`overlap ${[`${fields[0]}/${other.exposure.portName}`, `${fields[1]}/${p.exposure.portName}`].sort().join(' ')}`, () => ({
        severity: 'error',
        path,
        message: `NodePort ${p.exposure.nodePort} is planned twice: for ${describe(other)} (${fields[0]}) and for ${describe(p)} (${fields[1]}); Kubernetes gives a NodePort number to one Service only`,
        hint: `the ranges overlap for ${reservedNodes(profile)}: ${other.exposure.portName} uses ${range(all, other.field, other.exposure.portName)}, ${p.exposure.portName} uses ${range(all, p.field, p.exposure.portName)}; move a base or lower an offset so they do not meet`,
      }));
      continue;
    }
    byNodePort.set(p.exposure.nodePort, p);
    const hostKey = `${p.exposure.protocol}/${p.exposure.hostPort}`;
    const hostOther = byHostPort.get(hostKey);
    if (hostOther !== undefined) {
      report(`host ${hostKey}`, () => ({
        severity: 'error',
        path: profile.network === 'linera' ? ['linera', 'exposure', 'hostPortBase'] : path,
        message: `host port ${p.exposure.hostPort}/${p.exposure.protocol} is planned twice: for ${describe(hostOther)} and for ${describe(p)}`,
        hint: 'give each exposed port its own host port range',
      }));
    }
    byHostPort.set(hostKey, p);
  }
  return problems;
}
