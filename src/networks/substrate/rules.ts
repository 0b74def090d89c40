/** Cross-field rules of a substrate profile (the shared ones are in ../rules/index.ts). */
import { unworkable, warning } from '../../config/problem.js';
import type { KindRule } from '../kind.js';
import { distinctPorts } from '../p2p/rules.js';
import { chainProblems } from './chains.js';
import type { SubstrateProfile } from './profile-schema.js';

type Rule = KindRule<SubstrateProfile>;

/**
 * polkadot refuses --rpc-external on a validator unless --rpc-methods unsafe, and then serves every
 * unsafe method (author_insertKey, system_addReservedPeer, …) to whoever reaches the port
 * (sc-cli 0.55.0, which polkadot-sdk stable2509 pins, src/params/rpc_params.rs:300-326).
 * --unsafe-rpc-external binds every interface with the methods chosen.
 */
const rpcMethods: Rule = (profile) => {
  const args = profile.substrate.args;
  const on = (name: string) => args[name] !== undefined && args[name] !== null && args[name] !== false;
  if (on('rpc-external') && on('validator') && args['rpc-methods'] !== 'unsafe') {
    return [unworkable(['substrate', 'args', 'rpc-external'], 'is set on a validator without rpc-methods: unsafe, and polkadot refuses to start so', 'use unsafe-rpc-external: true with rpc-methods: safe (the shipped profile does), or opt in to rpc-methods: unsafe')];
  }
  if (args['rpc-methods'] !== 'unsafe' || !(on('rpc-external') || on('unsafe-rpc-external'))) return [];
  return [warning(['substrate', 'args', 'rpc-methods'], `is unsafe: each node's RPC NodePort (on ${profile.cluster.listenAddress}) accepts author_insertKey, system_addReservedPeer and the other unsafe methods from any program on this machine, and (with rpc-cors: all) from any web page open in its browser`, 'keep rpc-methods: safe unless a tool of yours needs an unsafe method')];
};

export const SUBSTRATE_RULES: readonly Rule[] = [chainProblems, rpcMethods, (profile) => distinctPorts('substrate', profile.substrate)];
