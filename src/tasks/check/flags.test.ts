import { describe, expect, test } from 'vitest';
import { checkProfile } from '../../networks/registry.js';
import { isDevnetError } from '../../errors/index.js';
import { flagAssertions, type AssertionFlags } from './flags.js';

const loaded = checkProfile({ file: 'p.yaml', text: 'apiVersion: devnet/v1\nname: t\nnetwork: substrate\nvalidators: 2\n' });
if (!loaded.ok) throw new Error('fixture profile does not load');
const topology = loaded.topology;
const flags = (extra: Partial<AssertionFlags>): AssertionFlags => ({ log: [], metric: [], http: [], grpc: [], ...extra });

describe('assertions given on the command line', () => {
  test.each([
    [{ log: ['node:Imported #[0-9]+'] }, { log: { component: 'node', pattern: 'Imported #[0-9]+', within: '60s', replicas: 'every' } }],
    [{ log: ['validator-1/node:a:b'] }, { log: { component: 'node', validator: 1, pattern: 'a:b', within: '60s', replicas: 'every' } }],
    [{ metric: ['node:substrate_block_height{status="finalized"} >= 2'] }, { metric: { component: 'node', name: 'substrate_block_height', labels: { status: 'finalized' }, op: '>=', value: 2, path: '/metrics', within: '60s' } }],
    [{ metric: ['node:up<1'], within: '5s' }, { metric: { component: 'node', name: 'up', labels: {}, op: '<', value: 1, path: '/metrics', within: '5s' } }],
    [{ http: ['node:rpc/health#204'] }, { http: { component: 'node', port: 'rpc', path: '/health', status: 204, within: '30s' } }],
    [{ http: ['http://localhost:8080/x?a=1'] }, { http: { url: 'http://localhost:8080/x?a=1', path: '/', status: 200, within: '30s' } }],
    [{ grpc: ['localhost:19100/linera.Proxy'] }, { grpc: { address: 'localhost:19100', service: 'linera.Proxy', within: '30s' } }],
  ])('%o', (given, expected) => {
    expect(flagAssertions(flags(given), topology)).toEqual([expected]);
  });

  test.each([
    [{ log: ['nodes:x'] }, '--log "nodes:x": log.component is "nodes", which this devnet does not have.'],
    [{ log: ['node:('] }, '--log "node:(": log.pattern: must be a valid JavaScript regular expression.'],
    [{ metric: ['node:height'] }, '--metric "node:height": expected COMPONENT:NAME{label="value"} >= NUMBER.'],
    [{ http: ['node:nope/'] }, '--http "node:nope/": http.port is "nope", which node does not have.'],
    [{ grpc: ['validator-0/bootstrap'] }, '--grpc "validator-0/bootstrap": grpc.component is "bootstrap", which this devnet does not have.'],
    [{ log: ['validator-5/node:x'] }, '--log "validator-5/node:x": log.validator is 5, but the devnet has validators 0-1.'],
  ])('%o is refused', (given, message) => {
    let caught: unknown;
    try {
      flagAssertions(flags(given), topology);
    } catch (error) {
      caught = error;
    }
    expect(isDevnetError(caught) && caught.exitCode).toBe(1);
    expect((caught as Error).message).toBe(message);
  });
});
