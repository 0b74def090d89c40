/**
 * With DEVNET_TEST_SKIP_CLUSTER=1 nothing that talks to Kubernetes is tested. This reporter says
 * so where nobody can miss it: when the run starts and again under the summary, whatever passed.
 */
import type { Reporter } from 'vitest/node';

const BANNER = [
  '',
  '!!! The cluster and real-Linera tiers did NOT run (DEVNET_TEST_SKIP_CLUSTER=1). Nothing that applies,',
  '!!! waits on, watches or reads logs from a Kubernetes API server was tested, and no real Linera',
  '!!! program ran devnet\'s output. Run `npm test` without it.',
  '',
].join('\n');

export default class SkippedTierReporter implements Reporter {
  onInit(): void {
    process.stderr.write(`${BANNER}\n`);
  }

  onTestRunEnd(): void {
    process.stderr.write(`${BANNER}\n`);
  }
}
