/**
 * The test tiers a machine may leave out, one switch each because each needs something different.
 * vitest.config.ts drops the tiers whose switch is set, and skipped-tier-reporter.ts says which, and
 * what was therefore not tested, before the run and under its summary. `.ci/run` refuses every switch.
 */
export interface SkippableTier {
  name: 'cluster' | 'kind';
  env: string;
  needs: string;
  untested: string;
}

export const SKIPPABLE_TIERS: readonly SkippableTier[] = [
  {
    name: 'cluster',
    env: 'DEVNET_TEST_SKIP_CLUSTER',
    needs: 'Go >= 1.26 to build the test control plane (test/controlplane/README.md)',
    untested: 'nothing that applies, waits on, watches or reads logs from a Kubernetes API server was tested',
  },
  {
    name: 'kind',
    env: 'DEVNET_TEST_SKIP_KIND',
    needs: "a Docker Engine, root, kind and Linera's images built here (test/kind/README.md)",
    untested: "no devnet was created on a real kind cluster, and no real Linera program ran devnet's output",
  },
];

export function skippedTiers(env: Readonly<Record<string, string | undefined>>): SkippableTier[] {
  return SKIPPABLE_TIERS.filter((tier) => env[tier.env] === '1');
}

/** What the run leaves out, where nobody can miss it; empty when it leaves out nothing. */
export function skippedBanner(skipped: readonly SkippableTier[]): string {
  if (skipped.length === 0) return '';
  const lines = skipped.flatMap((tier) => [`!!! The ${tier.name} tier did NOT run (${tier.env}=1; it needs ${tier.needs}):`, `!!!   ${tier.untested}.`]);
  return ['', ...lines, `!!! Run \`npm test\` without ${skipped.map((t) => t.env).join(' and ')} to test them.`, ''].join('\n');
}
