import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { loadShipped } from '../../test/support/profiles.js';
import { builtinChecks } from '../networks/registry.js';
import { commandLines } from './command-line.js';

/** The words a POSIX shell makes of a line (after `devnet`/`kubectl`), as a user pasting it would get. */
function shellWords(line: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${line.split(' ').slice(1).join(' ')}`], { encoding: 'utf8' });
  return out.split('\n').slice(0, -1);
}

describe('follow-up commands', () => {
  const chosen = { profile: 'profiles/my devnet.yaml', set: ['linera.logLevel="debug"', 'name=ci'], validators: 4, seed: 'ci-seed', context: 'staging', kubeconfig: '/home/me/.kube/other' };

  test('carry the profile, the --set values, the validators and the cluster the user gave, and read back as the same words in a shell', () => {
    const line = commandLines(chosen).devnet('logs -f');
    expect(shellWords(line)).toEqual(['logs', '-f', '-p', 'profiles/my devnet.yaml', '--set', 'linera.logLevel="debug"', '--set', 'name=ci', '--validators', '4', '--context', 'staging', '--kubeconfig', '/home/me/.kube/other']);
  });

  test('only `up` carries the seed: another seed is another network, and the other commands do not need it', () => {
    expect(commandLines(chosen).devnet('status')).not.toContain('ci-seed');
    expect(shellWords(commandLines(chosen).up('--yes'))).toEqual(expect.arrayContaining(['up', '--yes', '--seed', 'ci-seed']));
  });

  test('doctor, which reads the profile and no cluster, gets the profile flags and no cluster flags', () => {
    expect(shellWords(commandLines(chosen).profileOnly('doctor'))).toEqual(['doctor', '-p', 'profiles/my devnet.yaml', '--set', 'linera.logLevel="debug"', '--set', 'name=ci', '--validators', '4']);
  });

  test('leave out what the user left out: the default devnet is plain `devnet status`', () => {
    expect(commandLines({ profile: 'linera', set: [] }).devnet('status')).toBe('devnet status');
  });

  test('kubectl reaches kind through the kubeconfig devnet keeps, and an existing cluster through the context; its flags come first, before any pipe', () => {
    const kind = commandLines({ profile: 'substrate', set: [] }, { provider: 'kind', kubeconfig: '/state/clusters/substrate/kubeconfig', context: 'kind-substrate' });
    expect(kind.kubectl('get --raw /metrics | grep up')).toBe('kubectl --kubeconfig /state/clusters/substrate/kubeconfig get --raw /metrics | grep up');
    const existing = commandLines({ profile: 'substrate', set: [], context: 'staging' }, { provider: 'existing', kubeconfig: '/home/me/.kube/config', context: 'staging' });
    expect(existing.kubectl('describe pod -n ns p')).toBe('kubectl --context staging describe pod -n ns p');
  });

  test('devnet check points at logs of the devnet it checked, in the cluster it checked', () => {
    const { profile, topology } = loadShipped('substrate');
    const checks = builtinChecks(profile, topology, commandLines({ profile: 'substrate', set: [], context: 'staging' })) ?? [];
    expect(checks.map((c) => c.where)).toEqual([
      'devnet logs node --include "Imported|finalized|Idle" -p substrate --context staging',
      'devnet logs node --include "peers|bootnode|Discovered" -p substrate --context staging',
    ]);
  });
});
