import { describe, expect, test } from 'vitest';
import { UserError } from '../../../src/errors/index.js';
import { catalogueOf } from '../../../src/tasks/logs/catalogue.js';
import { checkContainer, parseSelector, type Catalogue } from '../../../src/tasks/logs/selector.js';
import type { PodObject } from '../../../src/kube/conditions.js';
import { commandLines } from '../../../src/output/command-line.js';

// How the user chose the devnet: each hint's command must carry it.
const commands = commandLines({ profile: 'substrate', set: [], context: 'ci' });

const catalogue: Catalogue = {
  devnet: 'dn',
  validators: [null, 0, 1],
  namespaces: ['dn-shared', 'dn-val-0', 'dn-val-1'],
  components: ['shards', 'proxy', 'storage-init'],
  pods: ['shards-0', 'shards-1', 'proxy-0', 'storage-init-x7k2p'],
  containers: ['wait-for-storage', 'server', 'proxy'],
};

function failure(text: string, cat: Catalogue = catalogue): UserError {
  try {
    parseSelector(text, cat, commands);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('parseSelector', () => {
  test.each([
    ['', {}],
    ['  ', {}],
    ['validator-1', { validator: 1 }],
    ['val-1', { validator: 1 }],
    ['1', { validator: 1 }],
    ['shared', { validator: null }],
    ['dn-val-0', { namespace: 'dn-val-0' }],
    ['shards', { component: 'shards' }],
    ['validator-1/shards', { validator: 1, component: 'shards' }],
    ['val-0/proxy', { validator: 0, component: 'proxy' }],
    ['shards-0', { pod: 'shards-0' }],
    ['shards-7', { pod: 'shards-7' }],
    ['storage-init-x7k2p', { pod: 'storage-init-x7k2p' }],
    ['validator-1/shards-0', { validator: 1, pod: 'shards-0' }],
    ['val-1/shards-0', { validator: 1, pod: 'shards-0' }],
    ['dn-val-1/shards-0', { namespace: 'dn-val-1', pod: 'shards-0' }],
    ['shared/shards', { validator: null, component: 'shards' }],
  ])('%j selects %j', (text, scope) => {
    expect(parseSelector(text, catalogue, commands)).toEqual(scope);
  });

  test('an unknown word lists the forms and the components the devnet has', () => {
    const error = failure('shardz');
    expect(error.message).toBe('No validator, component or pod of dn is called "shardz".');
    expect(error.details.join('\n')).toContain('validator-1/shards-0');
    expect(error.details.join('\n')).toContain('<namespace>/<pod>');
    expect(error.details.at(-1)).toBe('Components of dn: shards, proxy, storage-init');
    expect(error.exitCode).toBe(1);
    expect(error.hint).toBe('devnet status -p substrate --context ci lists every validator, component and pod');
  });

  test('a pair names the half that is wrong', () => {
    expect(failure('validator-1/shardz').message).toContain('"shardz" is neither a component nor a pod of dn');
    expect(failure('other-ns/shards-0').message).toContain('"other-ns" is neither a validator nor a namespace of dn');
    expect(failure('a/b/c').message).toBe('No validator, component or pod of dn is called "a/b/c".');
  });

  test('a validator the devnet does not have says which it has', () => {
    const error = failure('validator-7');
    expect(error.message).toBe('dn has no validator-7.');
    expect(error.hint).toBe('it has shared, validator-0, validator-1');
    expect(failure('7/shards').message).toBe('dn has no validator-7.');
  });

  test('a component called "validator" makes validator-1 ambiguous, and the message says how to choose', () => {
    const error = failure('validator-1', { ...catalogue, components: ['validator'] });
    expect(error.message).toBe('"validator-1" names both a validator and a pod of dn.');
    expect(error.hint).toBe('say which: devnet logs 1 -p substrate --context ci for the validator, devnet logs val-1/validator-1 -p substrate --context ci for the pod');
    // Where there is no such validator, the pod is meant.
    expect(parseSelector('validator-5', { ...catalogue, components: ['validator'] }, commands)).toEqual({ pod: 'validator-5' });
  });
});

describe('catalogueOf', () => {
  const pod = (namespace: string, name: string, validator: string, component: string): PodObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'devnet/validator': validator, 'app.kubernetes.io/component': component } },
    spec: { containers: [{ name: component, image: 'x' }] },
  });

  test('joins what the profile plans with what the cluster runs', () => {
    const planned = { name: 'dn', namespaces: [{ name: 'dn-val-0', validator: 0 }], components: [{ name: 'shards' }] };
    const cat = catalogueOf(planned, [pod('dn-val-0', 'shards-0', '0', 'shards'), pod('dn-val-3', 'exporter-0', '3', 'exporter'), pod('dn-shared', 'boot-0', 'shared', 'boot')]);
    expect(cat).toEqual({
      devnet: 'dn',
      validators: [null, 0, 3],
      namespaces: ['dn-val-0', 'dn-val-3', 'dn-shared'],
      components: ['shards', 'exporter', 'boot'],
      pods: ['shards-0', 'exporter-0', 'boot-0'],
      containers: ['shards', 'exporter', 'boot'],
    });
  });
});

describe('checkContainer (-c)', () => {
  test('a container some pod has, or none asked, passes', () => {
    expect(() => checkContainer('server', catalogue)).not.toThrow();
    expect(() => checkContainer(undefined, catalogue)).not.toThrow();
  });

  test('a container no pod has is a user error listing the ones there are', () => {
    expect(() => checkContainer('sever', catalogue)).toThrow('No pod of dn has a container called "sever".');
    try {
      checkContainer('sever', catalogue);
      expect.unreachable();
    } catch (error) {
      expect((error as UserError).hint).toBe('its containers: proxy, server, wait-for-storage');
    }
  });
});
