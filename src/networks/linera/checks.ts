/**
 * Built-in checks of a Linera devnet, measured with the real client from where genesis' addresses
 * resolve (the host; see Probes.client):
 * - every validator answers `linera validator query <its address> --public-key <its key>`, which
 *   verifies the chain info it returns is signed with the key genesis gave it (exit 0; otherwise
 *   "Signature for public key … is invalid", exit 1: linera-service 0.15.23 src/cli/validator.rs,
 *   `Query`);
 * - a transfer between two chains of the wallet `up` handed over is certified, and every validator
 *   then reports the sending chain's new height (`Next height: N` in the same query's output).
 */
import type { ClientAnswer, Probes } from '../../contracts/probes.js';
import type { LineraProfile } from './profile-schema.js';
import { verdictOf, type BuiltinCheck, type BuiltinSuite, type Measurement } from '../check-kit.js';
import { problem, short, userChains } from './transfer.js';

interface Validator {
  index: number;
  address: string;
  publicKey: string;
}

export const lineraChecks: BuiltinSuite<LineraProfile> = {
  checks(profile, _topology, lines) {
    const settings = profile.checks.builtin;
    const where = `${lines.devnet('logs proxy')}; ${lines.devnet('status')}`;
    return [keys(where), ...(settings.transfer ? [transfer(settings.amount, where)] : [])];
  },
};

function keys(where: string): BuiltinCheck {
  const expected = 'every validator answers the Linera client on its genesis address, signing with its genesis key';
  return {
    id: 'linera/validators',
    name: 'every validator answers with the key genesis gave it',
    expected,
    where,
    async measure(probes, signal) {
      const measurements: Measurement[] = [];
      for (const v of await committee(probes, signal)) {
        const answer = await client(probes, ['validator', 'query', v.address, '--public-key', v.publicKey], signal);
        measurements.push({ target: `validator-${v.index}`, ok: answer.exitCode === 0, value: answer.exitCode === 0 ? `${v.address} signs with ${short(v.publicKey)}` : `${v.address}: ${problem(answer)}` });
      }
      return verdictOf(measurements, (failed) => failed.map((m) => `${m.target} ${m.value}`).join('; '));
    },
  };
}

function transfer(amount: string, where: string): BuiltinCheck {
  const expected = `a transfer of ${amount} between two chains of the admin wallet is certified and every validator has its block`;
  return {
    id: 'linera/transfer',
    name: 'a transfer between two wallet chains reaches every validator',
    expected,
    where: `${where}; linera wallet show (with the environment devnet up printed)`,
    async measure(probes, signal) {
      const validators = await committee(probes, signal);
      const chains = userChains((await must(probes, ['wallet', 'show', '--short', '--owned'], signal)).stdout);
      if ('owned' in chains) return { ok: false, measurements: [], seen: `the wallet owns ${chains.owned} chain(s); a transfer needs two` };
      const { from, to } = chains;
      const before = Math.max(0, ...(await heights(probes, validators, from, signal)).map((h) => h.height ?? 0));
      await must(probes, ['sync', from], signal);
      const sent = await client(probes, ['transfer', amount, '--from', from, '--to', to], signal);
      if (sent.exitCode !== 0) return { ok: false, measurements: [], seen: `the transfer from ${short(from)} to ${short(to)} failed: ${problem(sent)}` };
      const after = await heights(probes, validators, from, signal);
      const measurements = after.map(({ validator, height, error }) => ({
        target: `validator-${validator.index}`,
        ok: height !== undefined && height > before,
        value: height === undefined ? `no answer about chain ${short(from)}: ${error ?? ''}` : `chain ${short(from)} at height ${height} (was ${before})`,
      }));
      return verdictOf(measurements, (failed) => `after the transfer from ${short(from)} to ${short(to)}: ${failed.map((m) => `${m.target} ${m.value}`).join('; ')}`);
    },
  };
}

/** The committee genesis wrote: each validator's advertised address and its public key (committee.json). */
async function committee(probes: Probes, signal: AbortSignal): Promise<Validator[]> {
  if (probes.genesisFile === undefined) throw new Error('this devnet\'s genesis cannot be read');
  const parsed = JSON.parse(await probes.genesisFile('committee.json', signal)) as { validators: { public_key: string; network: { protocol: Record<string, string> | string; host: string; port: number } }[] };
  return parsed.validators.map((v, index) => ({ index, address: `${scheme(v.network.protocol)}:${v.network.host}:${v.network.port}`, publicKey: v.public_key }));
}

/** `{ Grpc: "ClearText" }` is grpc:, `{ Grpc: "Tls" }` grpcs: (linera-rpc 0.15.23 src/config.rs, `NetworkProtocol`). */
function scheme(protocol: Record<string, string> | string): string {
  if (typeof protocol === 'string') return protocol.toLowerCase();
  const [kind, tls] = Object.entries(protocol)[0] ?? ['Grpc', 'ClearText'];
  return kind === 'Grpc' ? (tls === 'Tls' ? 'grpcs' : 'grpc') : kind.toLowerCase();
}

async function heights(probes: Probes, validators: Validator[], chain: string, signal: AbortSignal) {
  const out: { validator: Validator; height?: number; error?: string }[] = [];
  for (const validator of validators) {
    const answer = await client(probes, ['validator', 'query', validator.address, '--public-key', validator.publicKey, '--chain-id', chain], signal);
    const height = /^Next height: (\d+)$/m.exec(answer.stdout)?.[1];
    out.push(height === undefined ? { validator, error: problem(answer) } : { validator, height: Number(height) });
  }
  return out;
}

async function client(probes: Probes, args: readonly string[], signal: AbortSignal): Promise<ClientAnswer> {
  if (probes.client === undefined) throw new Error('there is no Linera client to run here');
  return probes.client(args, signal);
}

async function must(probes: Probes, args: readonly string[], signal: AbortSignal): Promise<ClientAnswer> {
  const answer = await client(probes, args, signal);
  if (answer.exitCode !== 0) throw new Error(`linera ${args.join(' ')} failed: ${problem(answer)}`);
  return answer;
}
