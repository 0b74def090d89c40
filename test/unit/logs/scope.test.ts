import { describe, expect, test } from 'vitest';
import { describeScope, podQuery, scopeOfSelection } from '../../../src/tasks/logs/scope.js';

describe('scopeOfSelection (the dashboard\'s selection)', () => {
  test.each([
    [{ kind: 'all' } as const, {}],
    [{ kind: 'validator', index: 2 } as const, { validator: 2 }],
    [{ kind: 'validator', index: null } as const, { validator: null }],
    [{ kind: 'component', validator: 1, component: 'shards' } as const, { validator: 1, component: 'shards' }],
    [{ kind: 'pod', pod: 'dn-val-1/shards-0' } as const, { namespace: 'dn-val-1', pod: 'shards-0' }],
  ])('%j → %j', (selection, scope) => {
    expect(scopeOfSelection(selection)).toEqual(scope);
  });
});

describe('podQuery', () => {
  test('the whole devnet is its instance label', () => {
    expect(podQuery('dn', {})).toEqual({ namespace: undefined, labelSelector: 'app.kubernetes.io/instance=dn', fieldSelector: undefined });
  });

  test('validator, component and pod narrow the query on the server', () => {
    expect(podQuery('dn', { validator: 1, component: 'shards' }).labelSelector).toBe('app.kubernetes.io/instance=dn,devnet/validator=1,app.kubernetes.io/component=shards');
    expect(podQuery('dn', { validator: null }).labelSelector).toBe('app.kubernetes.io/instance=dn,devnet/validator=shared');
    expect(podQuery('dn', { namespace: 'dn-val-1', pod: 'shards-0' })).toEqual({ namespace: 'dn-val-1', labelSelector: 'app.kubernetes.io/instance=dn', fieldSelector: 'metadata.name=shards-0' });
  });
});

test('describeScope says what was selected', () => {
  expect(describeScope({})).toBe('the whole devnet');
  expect(describeScope({ validator: 1, component: 'shards' })).toBe('shards of validator-1');
  expect(describeScope({ pod: 'shards-0', container: 'init' })).toBe('container init of shards-0');
  expect(describeScope({ validator: null })).toBe('shared');
});
