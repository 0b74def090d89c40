/** What `devnet chaos` resolves a target to, and which targets an action refuses, before it touches a cluster. */
import { describe, expect, test } from 'vitest';
import { actionProblem, otherSide, podsOf, resolveTargets, type ResolvedTarget } from '../../../src/networks/fault-targets.js';
import { loadShipped } from '../../support/profiles.js';

const { topology } = loadShipped('linera-light', ['validators=4']);
const pods = (targets: readonly ResolvedTarget[]) => podsOf(targets).map((p) => `${p.namespace}/${p.pod}`);
function resolved(target: string): ResolvedTarget[] {
  const r = resolveTargets(topology, target);
  if (!r.ok) throw new Error(r.message);
  return r.targets;
}

describe('fault targets', () => {
  test('a validator is all its pods, and only its own', () => {
    expect(pods(resolved('validator-2'))).toEqual(['linera-light-val-2/shards-0', 'linera-light-val-2/proxy-0']);
  });

  test('a component name alone is that component of every validator; shared/ names the shared namespace', () => {
    expect(pods(resolved('proxy'))).toEqual([0, 1, 2, 3].map((v) => `linera-light-val-${v}/proxy-0`));
    expect(pods(resolved('shared/storage'))).toEqual(['linera-light-shared/storage-0']);
  });

  test('a comma list is a group, each pod once', () => {
    expect(pods(resolved('validator-0,validator-0/proxy,validator-1/shards-0'))).toEqual(['linera-light-val-0/shards-0', 'linera-light-val-0/proxy-0', 'linera-light-val-1/shards-0']);
  });

  test('a validator that does not exist is named with the range there is, and the hint lists the targets', () => {
    const r = resolveTargets(topology, 'validator-4');
    expect(r).toMatchObject({ ok: false, message: 'validator-4 does not exist: this devnet has validators 0-3' });
    expect(r.ok ? '' : r.hint).toContain('validator-0/shards');
    expect(resolveTargets(topology, 'validator-1/exporter')).toMatchObject({ ok: false, message: 'validator-1/exporter: validator-1 has no component or pod "exporter"' });
  });

  test('the other side of a partition is every other validator\'s pods, never the shared storage', () => {
    expect(otherSide(topology, resolved('validator-0')).map((p) => `${p.namespace}/${p.pod}`)).toEqual([1, 2, 3].flatMap((v) => [`linera-light-val-${v}/shards-0`, `linera-light-val-${v}/proxy-0`]));
  });

  test('kill takes one pod, stop whole components, and a partition needs someone on the other side', () => {
    expect(actionProblem(topology, 'kill', resolved('validator-0'))?.message).toBe('kill hits one pod at a time, and validator-0 has 2 pods');
    expect(actionProblem(topology, 'kill', resolved('validator-0/shards-0'))).toBeUndefined();
    expect(actionProblem(topology, 'stop', resolved('validator-0/shards-0'))?.hint).toBe('stop a validator or a component; to restart one pod, use kill');
    expect(actionProblem(topology, 'partition', resolved('proxy,shards'))?.message).toBe('leaves no validator on the other side of the partition');
    expect(actionProblem(topology, 'partition', resolved('validator-0,validator-1'))).toBeUndefined();
  });
});
