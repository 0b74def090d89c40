/**
 * The `chaos:` section of a profile: faults devnet injects on a schedule once the devnet is ready
 * (`devnet up` plays it, or `devnet chaos run`). The same entry shape is a scenario's fault step.
 * Which targets exist, and which fields each action needs, are cross-field rules (chaos-rules.ts).
 */
import * as z from 'zod';
import { duration } from './fields.js';

export const CHAOS_ACTIONS = ['stop', 'kill', 'partition', 'loss', 'bandwidth', 'latency'] as const;
export type ChaosAction = (typeof CHAOS_ACTIONS)[number];

/** tc's rate units (iproute2 tc/tc_util.c get_rate): bit, kbit, mbit, gbit, and bps (bytes) forms. */
export const RATE = /^\d+(\.\d+)?(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$/;

const target = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(100)])
  .describe(
    'What the fault hits: validator-N (all its components), validator-N/component, shared/component, a component of every validator (proxy), ' +
      'or one pod (validator-N/shards-0, for kill). A list is a group: a partition cuts the group off from the other validators.',
  );

export const chaosEntry = z
  .strictObject({
    at: duration('When the fault starts, counted from when the devnet is ready (or from devnet chaos run), e.g. 30s, 2m.').default('0s'),
    for: duration('How long the fault lasts before devnet undoes it; without it the fault stays until devnet chaos clear (or down).').optional(),
    action: z
      .enum(CHAOS_ACTIONS, { message: `must be one of ${CHAOS_ACTIONS.join(', ')}` })
      .describe('stop: scale to 0 (objects stay); kill: delete a pod, or kill its process (process: true); partition: cut off from the other validators both ways; loss, bandwidth, latency: degrade its network.'),
    target,
    percent: z.number().gt(0, { message: 'must be more than 0' }).max(100, { message: 'must be at most 100' }).optional().describe('loss: the share of packets dropped in each direction, in percent.'),
    rate: z.string().regex(RATE, { message: 'must be a rate such as 1mbit, 500kbit or 2mbps (tc units)' }).optional().describe('bandwidth: the most the target may send, e.g. 1mbit.'),
    delay: z.string().regex(/^\d+(ms|s)$/, { message: 'must be a delay such as 100ms or 1s' }).optional().describe('latency: delay added to every packet the target sends, e.g. 100ms (needs sch_netem in the kernel).'),
    process: z.boolean().optional().describe('kill: kill the container\'s main process (the kubelet restarts it) instead of deleting the pod.'),
  })
  .describe('One fault: what, on what, when and for how long.');

export type ChaosEntry = z.infer<typeof chaosEntry>;

export const chaosSection = z.array(chaosEntry).max(100).default([]).describe('Faults devnet injects after the devnet is ready, in time order of `at` (devnet up plays them; devnet chaos run plays them again).');
