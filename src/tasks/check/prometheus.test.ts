import { describe, expect, test } from 'vitest';
import { compare, parseMetrics, selectSamples } from './prometheus.js';

// substrate_block_height is a GaugeVec labelled status=best/finalized (polkadot-sdk substrate/client/service/src/metrics.rs);
// the node adds a chain label to every metric.
const PAGE = `# HELP substrate_block_height Block height info of the chain
# TYPE substrate_block_height gauge
substrate_block_height{status="best",chain="rococo_local_testnet"} 12
substrate_block_height{status="finalized",chain="rococo_local_testnet"} 9
substrate_sub_libp2p_peers_count{chain="rococo_local_testnet"} 3
process_start_time_seconds 1.7e9
escaped{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb"} -Inf 1700000000000
broken{oops 1
`;

describe('Prometheus text format', () => {
  test.each([
    ['substrate_block_height', { status: 'finalized' }, [9]],
    ['substrate_block_height', {}, [12, 9]],
    ['substrate_sub_libp2p_peers_count', {}, [3]],
    ['process_start_time_seconds', {}, [1.7e9]],
    ['missing', {}, []],
  ])('%s %o', (name, labels, values) => {
    expect(selectSamples(parseMetrics(PAGE), name, labels).map((s) => s.value)).toEqual(values);
  });

  test('label values are unescaped; timestamps and broken lines are ignored', () => {
    const samples = parseMetrics(PAGE);
    expect(samples.find((s) => s.name === 'escaped')).toEqual({ name: 'escaped', labels: { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb' }, value: Number.NEGATIVE_INFINITY });
    expect(samples.some((s) => s.name.startsWith('broken'))).toBe(false);
  });

  test.each([
    [3, '>=', 3, true],
    [2, '>=', 3, false],
    [3, '>', 3, false],
    [2, '<', 3, true],
    [3, '<=', 3, true],
    [3, '==', 3, true],
    [3, '!=', 3, false],
  ])('%d %s %d is %s', (value, op, wanted, result) => {
    expect(compare(value, op, wanted)).toBe(result);
  });
});
