/**
 * NodePorts and host ports of a whole devnet, planned at once: every exposed port of every replica of
 * every validator up to the reserved maximum (cluster.reservedValidators), as each kind lists them
 * (the bootstrap node, Linera's proxies…). Kubernetes allocates a NodePort number once in the
 * cluster whatever its protocol, so two Services can never share one (only one Service may carry it
 * for TCP and UDP); kind maps host ports per protocol. Overlaps are refused here, naming both fields, before the API
 * server refuses one Service half-way through `up`.
 */
import type { FieldPath } from '../../config/source.js';
import type { Problem } from '../../config/problem.js';
import type { CommonProfile } from '../../config/schema.js';
import type { HostExposure } from '../topology.js';

const NODE_PORT_MAX = 32767;

/** One exposed port as planned, with who has it and the fields that set it. */
export interface PlannedPort {
  exposure: HostExposure;
  /** Which replica it belongs to, for people: "node 3", "validator 2's proxy". */
  who: string;
  /** One Service per replica: the same number may serve TCP and UDP within it. */
  service: string;
  /** The field the NodePorts come from; ports of one field are one range. */
  field: FieldPath;
  /** Where a NodePort out of range or planned twice is reported. */
  nodePortPath: FieldPath;
  /** Where a host port planned twice is reported. */
  hostPortPath: FieldPath;
}

/** What a kind plans for every validator up to the reserved maximum, as its kind declares it. */
export interface NodePorts {
  ports: PlannedPort[];
  /** What they are planned for, e.g. "8 validators (cluster.reservedValidators) × 2 replicas". */
  reservedFor: string;
}

/** Ports are planned for this many validators, so that adding validators up to it changes no port. */
export function reservedValidators(profile: CommonProfile): number {
  return Math.max(profile.validators, profile.cluster.reservedValidators);
}

function range(all: PlannedPort[], field: FieldPath, portName: string): string {
  const ports = all.filter((p) => p.field.join('.') === field.join('.') && p.exposure.portName === portName).map((p) => p.exposure.nodePort);
  return `${Math.min(...ports)}-${Math.max(...ports)}`;
}

const describe = (p: PlannedPort) => `${p.exposure.portName} (${p.exposure.protocol}) of ${p.who}`;

export function nodePortProblems({ ports: all, reservedFor }: NodePorts): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const report = (key: string, problem: () => Problem) => {
    if (reported.has(key)) return;
    reported.add(key);
    problems.push(problem());
  };
  const byNodePort = new Map<number, PlannedPort>();
  const byHostPort = new Map<string, PlannedPort>();
  for (const p of all) {
    const path = p.nodePortPath;
    if (p.exposure.nodePort > NODE_PORT_MAX) {
      report(`range ${p.field.join('.')}`, () => ({
        severity: 'error',
        path,
        message: `gives ${describe(p)} NodePort ${p.exposure.nodePort}, beyond the NodePort range 30000-${NODE_PORT_MAX}; ports are planned for ${reservedFor}`,
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
        hint: `the ranges overlap for ${reservedFor}: ${other.exposure.portName} uses ${range(all, other.field, other.exposure.portName)}, ${p.exposure.portName} uses ${range(all, p.field, p.exposure.portName)}; move a base or lower an offset so they do not meet`,
      }));
      continue;
    }
    byNodePort.set(p.exposure.nodePort, p);
    const hostKey = `${p.exposure.protocol}/${p.exposure.hostPort}`;
    const hostOther = byHostPort.get(hostKey);
    if (hostOther !== undefined) {
      report(`host ${hostKey}`, () => ({
        severity: 'error',
        path: p.hostPortPath,
        message: `host port ${p.exposure.hostPort}/${p.exposure.protocol} is planned twice: for ${describe(hostOther)} and for ${describe(p)}`,
        hint: 'give each exposed port its own host port range',
      }));
    }
    byHostPort.set(hostKey, p);
  }
  return problems;
}
