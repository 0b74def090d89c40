/**
 * When a switch leaves a tier out (tiers.ts), this reporter says which tiers did not run and what
 * was therefore not tested, where nobody can miss it: when the run starts and again under the
 * summary, whatever passed.
 */
import type { Reporter } from 'vitest/node';
import { skippedBanner, skippedTiers } from './tiers.js';

export default class SkippedTierReporter implements Reporter {
  private readonly banner = skippedBanner(skippedTiers(process.env));

  onInit(): void {
    process.stderr.write(`${this.banner}\n`);
  }

  onTestRunEnd(): void {
    process.stderr.write(`${this.banner}\n`);
  }
}
