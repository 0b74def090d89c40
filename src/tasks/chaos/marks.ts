/**
 * The faults in the record, put on the dashboard's rows: each on the validator, component or pod
 * its target names, with what the faults leave of a quorum. Pure: the record and the topology in,
 * the view with its marks out.
 */
import { resolveTargets } from '../../networks/fault-targets.js';
import { kindNamed } from '../../networks/registry.js';
import type { Topology } from '../../networks/topology.js';
import type { ChaosSummary, FaultMark, TopologyView } from '../../tui/model.js';
import type { Fault } from './record.js';
import { describeFault } from './words.js';

function markOf(fault: Fault): FaultMark {
  const text = fault.action === 'stop' ? 'stopped' : fault.action === 'partition' ? 'partitioned' : `${fault.action}${fault.value === undefined ? '' : ` ${fault.value}`}`;
  return { action: fault.action, text };
}

interface Marks {
  validators: Map<number, FaultMark[]>;
  /** By `namespace/name`. */
  components: Map<string, FaultMark[]>;
  /** By PodRow.key. */
  pods: Map<string, FaultMark[]>;
  /** Validators a stop or a partition takes out of the committee. */
  down: Set<number>;
}

const add = <K>(map: Map<K, FaultMark[]>, key: K, mark: FaultMark) => map.set(key, [...(map.get(key) ?? []), mark]);

function collect(topology: Topology, faults: readonly Fault[]): Marks {
  const marks: Marks = { validators: new Map(), components: new Map(), pods: new Map(), down: new Set() };
  for (const fault of faults) {
    // A record from another shape of the devnet (a target that no longer exists) marks nothing; the summary still lists it.
    const resolved = resolveTargets(topology, fault.target);
    if (!resolved.ok) continue;
    const mark = markOf(fault);
    for (const target of resolved.targets) {
      const validator = /^validator-(\d+)$/.exec(target.text);
      if (target.kind === 'validator' && validator !== null) add(marks.validators, Number(validator[1]), mark);
      if (target.kind === 'component') for (const c of target.components) add(marks.components, `${c.namespace}/${c.name}`, mark);
      if (target.kind === 'pod') for (const p of target.pods) add(marks.pods, `${p.namespace}/${p.pod}`, mark);
      if (fault.action !== 'stop' && fault.action !== 'partition') continue;
      for (const p of target.pods) if (p.validator !== null) marks.down.add(p.validator);
    }
  }
  return marks;
}

const withFaults = <T extends object>(row: T, faults: FaultMark[] | undefined): T => (faults === undefined ? row : { ...row, faults });

/** The view with each fault on the rows it names, and the chaos summary (for Linera, with its quorum). */
export function markFaults(view: TopologyView, topology: Topology, faults: readonly Fault[]): TopologyView {
  const marks = collect(topology, faults);
  const validators = view.validators.map((v) =>
    withFaults(
      {
        ...v,
        components: v.components.map((c) => withFaults({ ...c, pods: c.pods.map((p) => withFaults(p, marks.pods.get(p.key))) }, marks.components.get(`${c.namespace}/${c.name}`))),
      },
      v.index === null ? undefined : marks.validators.get(v.index),
    ),
  );
  const chaos: ChaosSummary = { faults: faults.map(describeFault) };
  const tolerance = kindNamed(topology.network).validatorTolerance;
  if (tolerance !== undefined) {
    const count = topology.validators.length;
    chaos.tolerance = { validators: count, mayFail: tolerance(count).mayFail ?? 0, down: marks.down.size };
  }
  return { ...view, validators, chaos };
}
