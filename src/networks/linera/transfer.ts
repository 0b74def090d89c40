/**
 * One transfer between two chains of the wallet `up` handed over, as a user makes it with the
 * Linera client: the wallet's own chains (`linera wallet show --short --owned`), a sync of the
 * sender, then `linera transfer`. Its exit 0 is taken as "certified", as the built-in check takes
 * it (checks.ts, which then also asks every validator for the new height). No I/O here: the client
 * is the one Probes declares.
 */
import type { ClientAnswer, Probes } from '../../contracts/probes.js';

export type LineraClient = NonNullable<Probes['client']>;

export type TransferOutcome = { ok: true; from: string; to: string } | { ok: false; problem: string };

/** The two chains a transfer goes between: the first owned chain is the admin chain; the others are the user chains genesis funded. */
export function userChains(walletShow: string): { from: string; to: string } | { owned: number } {
  const chains = walletShow.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{64}$/.test(l));
  const [from, to] = chains.length >= 3 ? chains.slice(1) : chains;
  return from === undefined || to === undefined ? { owned: chains.length } : { from, to };
}

/** Transfers `amount` once; a step that fails says how, in the client's words. */
export async function transferOnce(client: LineraClient, amount: string, signal: AbortSignal): Promise<TransferOutcome> {
  const shown = await client(['wallet', 'show', '--short', '--owned'], signal);
  if (shown.exitCode !== 0) return { ok: false, problem: `linera wallet show failed: ${problem(shown)}` };
  const chains = userChains(shown.stdout);
  if ('owned' in chains) return { ok: false, problem: `the wallet owns ${chains.owned} chain(s); a transfer needs two` };
  const synced = await client(['sync', chains.from], signal);
  if (synced.exitCode !== 0) return { ok: false, problem: `linera sync ${short(chains.from)} failed: ${problem(synced)}` };
  const sent = await client(['transfer', amount, '--from', chains.from, '--to', chains.to], signal);
  if (sent.exitCode !== 0) return { ok: false, problem: `the transfer from ${short(chains.from)} to ${short(chains.to)} failed: ${problem(sent)}` };
  return { ok: true, ...chains };
}

/** The client's own words for what went wrong: its error lines, not its backtrace. */
export function problem(answer: ClientAnswer): string {
  const lines = `${answer.stdout}\n${answer.stderr}`.split('\n').map((l) => l.trim());
  const said = lines.filter((l) => /ERROR|Error|error:|invalid|failed/.test(l) && !/^\d+:|^at /.test(l));
  return (said.at(-1) ?? lines.filter(Boolean).at(-1) ?? `exit ${answer.exitCode}`).replace(/^\S+Z\s+ERROR\s+\S+:\s*/, '').slice(0, 300);
}

export const short = (hex: string) => `${hex.slice(0, 10)}…`;
