/**
 * How many validators a network may lose and keep working, from the rule its own code applies
 * (each kind's tolerance, in its kind.ts, picks its rule).
 * `devnet explain` prints it; the Linera scenario (scenarios/linera-quorum.yaml) proves it.
 */
import { grandpaThreshold } from './substrate/chains.js';

export interface Tolerance {
  /** What must hold for the network to make progress, in words. */
  rule: string;
  /** Validators (or nodes) that may stop with the network still making progress; undefined where no quorum applies. */
  mayFail: number | undefined;
  /** What happens with one more down, in words. */
  beyond: string;
  /** Where the rule comes from in the program's source. */
  source: string;
}

/**
 * Every Linera validator of a devnet genesis gets 100 votes (linera-client 0.15.23 src/config.rs,
 * CommitteeConfig::into_committee), and a certificate needs quorum_threshold = 2·total/3 + 1 votes
 * (linera-execution 0.15.23 src/committee.rs, Committee::new): with N = 3f + 1 validators that is
 * 2f + 1 of them. The client gathers votes until one value reaches that threshold
 * (linera-core 0.15.23 src/updater.rs, communicate_with_quorum).
 */
export function lineraTolerance(validators: number): Tolerance {
  const votes = 100;
  const total = validators * votes;
  const quorum = Math.floor((2 * total) / 3) + 1;
  const needed = Math.ceil(quorum / votes);
  return {
    rule: `a certificate needs a quorum of ${quorum} of the committee's ${total} votes (2f+1 of 3f+1 voting weight; 100 votes per validator): ${needed} of ${validators} validators must sign`,
    mayFail: validators - needed,
    beyond: `with ${validators - needed + 1} down, no block is certified: transfers stall until enough validators are back`,
    source: 'linera-execution 0.15.23 src/committee.rs (Committee::new, quorum_threshold = 2·total/3 + 1); linera-client 0.15.23 src/config.rs (100 votes each)',
  };
}

/**
 * GRANDPA finalises a block once votes weighing more than two thirds agree (chains.ts has the
 * threshold and its source). Blocks are still authored (BABE) without finality.
 */
export function grandpaTolerance(authorities: number): Tolerance {
  const needed = grandpaThreshold(authorities);
  return {
    rule: `finality needs more than 2/3 of the ${authorities} GRANDPA authorit${authorities === 1 ? 'y' : 'ies'}: ${needed} must vote`,
    mayFail: authorities - needed,
    beyond: `with ${authorities - needed + 1} authorit${authorities - needed + 1 === 1 ? 'y' : 'ies'} down, blocks may still be authored but none is finalised`,
    source: 'finality-grandpa 0.16.3 src/voter_set.rs:176-178 (threshold = total − ⌊(total − 1)/3⌋)',
  };
}
