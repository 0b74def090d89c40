/**
 * What a fault may be, shared by `devnet chaos` and the target rules (src/networks/fault-targets.ts).
 * A `chaos:` schedule in the profile is not part of the schema yet.
 */
export const CHAOS_ACTIONS = ['stop', 'kill', 'partition', 'loss', 'bandwidth', 'latency'] as const;
export type ChaosAction = (typeof CHAOS_ACTIONS)[number];

/** tc's rate units (iproute2 tc/tc_util.c get_rate): bit, kbit, mbit, gbit, and bps (bytes) forms. */
export const RATE = /^\d+(\.\d+)?(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$/;
