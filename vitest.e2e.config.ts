import { defineConfig } from 'vitest/config';

// The e2e tier: real kind, real images, real operators. It needs a Docker engine, kind and network
// access to the image registries, so it is not part of `npm test` (the machines CI runs on here have
// no Docker engine). Run it with `npm run test:e2e`; .github/workflows/e2e.yml shows a CI job.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    fileParallelism: false,
  },
});
