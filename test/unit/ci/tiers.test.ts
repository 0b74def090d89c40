import { afterEach, describe, expect, test, vi } from 'vitest';
import { skippedBanner, skippedTiers } from '../../support/tiers.js';

/** The project names vitest.config.ts declares with these switches set. */
async function projectsWith(env: Record<string, string>): Promise<string[]> {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  const { default: config } = await import('../../../vitest.config.js');
  return (config.test?.projects ?? []).map((p) => (typeof p === 'object' && p !== null && 'test' in p ? String(p.test?.name) : String(p)));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('switches that leave a test tier out', () => {
  test('each tier has its own switch: the cluster tier (Go) and the kind tier (Docker) leave independently', async () => {
    expect(await projectsWith({ DEVNET_TEST_SKIP_CLUSTER: '', DEVNET_TEST_SKIP_KIND: '' })).toEqual(['unit', 'integration', 'cluster', 'kind']);
    expect(await projectsWith({ DEVNET_TEST_SKIP_CLUSTER: '1', DEVNET_TEST_SKIP_KIND: '' })).toEqual(['unit', 'integration', 'kind']);
    expect(await projectsWith({ DEVNET_TEST_SKIP_CLUSTER: '', DEVNET_TEST_SKIP_KIND: '1' })).toEqual(['unit', 'integration', 'cluster']);
  });

  test('the summary names each tier left out and what was therefore not tested', () => {
    const banner = skippedBanner(skippedTiers({ DEVNET_TEST_SKIP_KIND: '1' }));
    expect(banner).toContain('The kind tier did NOT run (DEVNET_TEST_SKIP_KIND=1');
    expect(banner).toContain('no devnet was created on a real kind cluster');
    expect(banner).not.toContain('cluster tier');
    const both = skippedBanner(skippedTiers({ DEVNET_TEST_SKIP_CLUSTER: '1', DEVNET_TEST_SKIP_KIND: '1' }));
    expect(both).toContain('The cluster tier did NOT run (DEVNET_TEST_SKIP_CLUSTER=1; it needs Go');
    expect(both).toContain('without DEVNET_TEST_SKIP_CLUSTER and DEVNET_TEST_SKIP_KIND');
    expect(skippedBanner(skippedTiers({}))).toBe('');
  });
});
