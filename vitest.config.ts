import { defineConfig } from 'vitest/config';
import { skippedTiers } from './test/support/tiers.js';

// Four tiers run by `npm test`: unit (pure code), integration (whole commands in-process, external
// binaries faked on PATH), cluster (a real control plane built from Go modules; see
// test/controlplane/README.md) and kind (devnet up on real kind clusters, with a node image and
// Linera's images built on this machine; see test/kind/README.md). DEVNET_TEST_SKIP_CLUSTER=1 and
// DEVNET_TEST_SKIP_KIND=1 each leave one of the last two out (test/support/tiers.ts), and a banner at
// the start and under the summary says which.
const skipped = new Set(skippedTiers(process.env).map((tier) => tier.name));

export default defineConfig({
  test: {
    ...(skipped.size > 0 ? { reporters: ['default', './test/support/skipped-tier-reporter.ts'] } : {}),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/integration/**/*.test.tsx'],
          testTimeout: 30_000,
        },
      },
      ...(skipped.has('cluster')
        ? []
        : [
            {
              extends: true,
              test: {
                name: 'cluster',
                include: ['test/cluster/**/*.test.ts', 'test/cluster/**/*.test.tsx'],
                globalSetup: ['test/cluster/global-setup.ts'],
                testTimeout: 120_000,
                hookTimeout: 120_000,
                fileParallelism: false,
              },
            },
          ]),
      ...(skipped.has('kind')
        ? []
        : [
            {
              extends: true,
              test: {
                name: 'kind',
                include: ['test/kind/**/*.test.ts'],
                // A group of its own in a single `vitest run`; `npm test` gives it a run of its
                // own beside the other tiers (scripts/test.ts).
                sequence: { groupOrder: 1 },
                globalSetup: ['test/kind/global-setup.ts'],
                testTimeout: 900_000,
                hookTimeout: 900_000,
                fileParallelism: false,
              },
            },
          ]),
    ],
  },
});
