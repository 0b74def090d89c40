/**
 * Log-keyword health, kubevali's "watchlog", for any component: a keyword expected in each
 * replica's log at least once every `within`, optionally reported to a healthchecks-compatible
 * server per replica. What kubevali does, read in darwinia-network/kubevali at 377704c:
 *   - config/raw.go:51-58: the keyword must not be empty and lastThreshold must be at least 1s;
 *   - config/config.go:162-167: replica N reports to healthcheckIDs[N], and too few ids is an error;
 *   - watchlog/watchlog.go:40: a match is a plain substring of a log line (strings.Contains).
 */
import * as z from 'zod';
import { duration } from '../config/fields.js';
import { parseDuration } from './duration.js';
import type { HealthPlan } from './topology.js';

/** kubevali pings healthchecks.io's ping host (watchlog/watchlog.go:102). */
export const DEFAULT_PING_URL = 'https://hc-ping.com';

const checkId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'must be a check id (a UUID) or a slug: letters, digits, ".", "_" and "-"' });

/** A base URL to append check ids to: http(s), and nothing in it that would be sent along or printed by mistake. */
export function pingUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a URL such as "https://hc-ping.com"';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  if (url.search !== '' || url.hash !== '') return 'must not have a query or fragment: devnet appends /<check id> to it';
  return undefined;
}

/** "https://hc-ping.com/" and "https://hc-ping.com" are the same base. */
export function normalisePingUrl(text: string): string {
  return text.replace(/\/+$/, '');
}

export const pingUrl = z
  .string()
  .superRefine((text, ctx) => {
    const problem = pingUrlProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normalisePingUrl);

export const pingsSpec = z
  .strictObject({
    url: pingUrl
      .default(DEFAULT_PING_URL)
      .describe('Base URL of a healthchecks-compatible server (healthchecks.io, a self-hosted one, a test server). devnet POSTs <url>/<check> while the keyword keeps appearing and <url>/<check>/fail when it stops.'),
    checks: z
      .union([z.array(checkId).min(1), z.literal('slug')])
      .default('slug')
      .describe(
        'One check id per replica, in replica index order (replica N pings checks[N], like kubevali\'s healthcheckIDs[index]); or "slug": each replica pings <namespace>-<pod>, e.g. substrate-val-0-node-1, which suits healthchecks\' https://hc-ping.com/<ping key>/<slug> URLs.',
      ),
  })
  .describe('Report each replica\'s health to a healthchecks-compatible URL, the way kubevali does: from the first match on, once a minute.');

export const healthSpec = z
  .strictObject({
    keyword: z.string().min(1, { message: 'must not be empty' }).describe('Text that must appear in each replica\'s log (a plain substring, not a pattern), e.g. "Prepared block".'),
    within: duration('A replica is unhealthy when the keyword has not appeared in its log for this long, e.g. "2m".').refine((text) => parseDuration(text) >= 1, {
      message: 'must be at least 1s',
    }),
    pings: pingsSpec.optional(),
  })
  .describe('Log-based health ("watchlog"): devnet reports a replica unhealthy when the keyword stops appearing in its log.');

export type HealthSpec = z.infer<typeof healthSpec>;

export interface HealthSlot {
  /** Index across the devnet, in the order check ids are given. */
  index: number;
  namespace: string;
  pod: string;
}

/** The derived check of a replica: its namespace and pod, unique across the devnet and readable on a dashboard. */
export function slugCheck(namespace: string, pod: string): string {
  return `${namespace}-${pod}`;
}

/** A component's health rule with each replica's check resolved. Too few ids is a profile rule's to report (rules/health-rules.ts). */
export function healthPlan(spec: HealthSpec | undefined, slots: readonly HealthSlot[]): { health?: HealthPlan } {
  if (spec === undefined) return {};
  const plan: HealthPlan = { keyword: spec.keyword, withinSeconds: parseDuration(spec.within) };
  if (spec.pings === undefined) return { health: plan };
  const checks = spec.pings.checks;
  const checkOf = (slot: HealthSlot) => (checks === 'slug' ? slugCheck(slot.namespace, slot.pod) : (checks[slot.index] ?? ''));
  return { health: { ...plan, pings: { url: spec.pings.url, checks: slots.map((slot) => ({ pod: slot.pod, check: checkOf(slot) })) } } };
}
