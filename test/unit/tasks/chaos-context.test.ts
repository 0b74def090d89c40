/** On an existing cluster (--context) devnet has no node to put network rules in from: it says so, and what works there. */
import { describe, expect, test } from 'vitest';
import { EnvironmentError } from '../../../src/errors/index.js';
import type { ChaosContext } from '../../../src/tasks/chaos/context.js';
import { requireKind } from '../../../src/tasks/chaos/network.js';

const on = (provider: 'kind' | 'existing') => ({ target: { provider, kubeconfig: '', context: 'staging', clusterName: 'devnet' } }) as unknown as ChaosContext;

describe('network faults need a kind node', () => {
  test('refused on --context with the reason and what works instead', () => {
    let error: unknown;
    try {
      requireKind(on('existing'), 'partition');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toContain('devnet chaos partition works on kind clusters only');
    expect((error as EnvironmentError).hint).toContain('stop, start and kill work here');
  });

  test('allowed on kind', () => {
    expect(() => requireKind(on('kind'), 'loss')).not.toThrow();
  });
});
