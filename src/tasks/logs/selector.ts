/**
 * The SELECTOR of `devnet logs`: a validator, a component, a pod, or a pair of them, in the words
 * `devnet status` prints. Pure: what the devnet has (its catalogue) comes in as data.
 */
import { UserError } from '../../errors/index.js';
import type { CommandLines } from '../../output/command-line.js';
import type { LogScope } from './scope.js';

export interface Catalogue {
  devnet: string;
  /** Validator indexes; null for the shared namespace. */
  validators: (number | null)[];
  namespaces: string[];
  components: string[];
  /** Names of the pods that exist now (Job pods have generated names). */
  pods: string[];
  /** Container names of those pods, init containers included. */
  containers: string[];
}

const FORMS: readonly [string, string][] = [
  ['(nothing)', 'the whole devnet'],
  ['validator-1, val-1 or 1', 'one validator'],
  ['shared', 'what the validators share'],
  ['shards', 'that component in every validator'],
  ['validator-1/shards', 'that component of one validator'],
  ['shards-0', 'that pod in every validator'],
  ['validator-1/shards-0', 'one pod'],
  ['<namespace>/<pod>', 'one pod, as kubectl names it'],
];

type Where = Pick<LogScope, 'validator' | 'namespace'>;
type What = Pick<LogScope, 'component' | 'pod'>;

/** `commands` writes the hints' follow-up commands with the flags `devnet logs` was given. */
export function parseSelector(text: string, catalogue: Catalogue, commands: CommandLines): LogScope {
  const selector = text.trim();
  if (selector === '') return {};
  const parts = selector.split('/');
  if (parts.length === 1) {
    const word = parts[0] ?? '';
    const where = whereOf(word, catalogue);
    const what = whatOf(word, catalogue);
    // A component called `validator` has pods called validator-0, validator-1, ...
    if (where !== undefined && what !== undefined && exists(where, catalogue)) throw ambiguous(word, catalogue, commands);
    if (what !== undefined) return what;
    if (where !== undefined) return known(where, catalogue, commands);
  } else if (parts.length === 2) {
    const [left = '', right = ''] = parts;
    const where = whereOf(left, catalogue);
    if (where === undefined) throw unknown(selector, catalogue, commands, `"${left}" is neither a validator nor a namespace of ${catalogue.devnet}`);
    const what = whatOf(right, catalogue);
    if (what !== undefined) return { ...known(where, catalogue, commands), ...what };
    throw unknown(selector, catalogue, commands, `"${right}" is neither a component nor a pod of ${catalogue.devnet}`);
  }
  throw unknown(selector, catalogue, commands);
}

function whereOf(word: string, catalogue: Catalogue): Where | undefined {
  if (word === 'shared') return { validator: null };
  const index = /^(?:validator-|val-)?(\d+)$/.exec(word)?.[1];
  if (index !== undefined) return { validator: Number(index) };
  if (catalogue.namespaces.includes(word)) return { namespace: word };
  return undefined;
}

const exists = (where: Where, catalogue: Catalogue) => where.validator === undefined || catalogue.validators.includes(where.validator);

/** A validator the devnet does not have is an error worth its own message. */
function known(where: Where, catalogue: Catalogue, commands: CommandLines): Where {
  if (where.validator === undefined || exists(where, catalogue)) return where;
  const names = catalogue.validators.map(validatorName);
  const asked = validatorName(where.validator);
  throw new UserError(`${catalogue.devnet} has no ${asked === 'shared' ? 'shared namespace' : asked}.`, {
    hint: names.length === 0 ? `is the devnet up? ${commands.devnet('status')} shows what is running` : `it has ${names.join(', ')}`,
  });
}

function whatOf(word: string, catalogue: Catalogue): What | undefined {
  if (catalogue.components.includes(word)) return { component: word };
  const replica = /^(.+)-\d+$/.exec(word)?.[1];
  if ((replica !== undefined && catalogue.components.includes(replica)) || catalogue.pods.includes(word)) return { pod: word };
  return undefined;
}

const validatorName = (index: number | null) => (index === null ? 'shared' : `validator-${index}`);

function ambiguous(word: string, catalogue: Catalogue, commands: CommandLines): UserError {
  const index = /(\d+)$/.exec(word)?.[1] ?? '0';
  return new UserError(`"${word}" names both a validator and a pod of ${catalogue.devnet}.`, {
    hint: `say which: ${commands.devnet(`logs ${index}`)} for the validator, ${commands.devnet(`logs val-${index}/${word}`)} for the pod`,
  });
}

function unknown(selector: string, catalogue: Catalogue, commands: CommandLines, why?: string): UserError {
  const width = Math.max(...FORMS.map(([form]) => form.length));
  const components = catalogue.components.length === 0 ? `none yet (is the devnet up? ${commands.devnet('status')})` : catalogue.components.join(', ');
  return new UserError(`No validator, component or pod of ${catalogue.devnet} is called "${selector}"${why === undefined ? '' : `: ${why}`}.`, {
    details: ['A selector is one of:', ...FORMS.map(([form, what]) => `  ${form.padEnd(width)}  ${what}`), `Components of ${catalogue.devnet}: ${components}`],
    hint: `${commands.devnet('status')} lists every validator, component and pod`,
  });
}

/** -c/--container must name a container some pod of the devnet has. */
export function checkContainer(container: string | undefined, catalogue: Catalogue): void {
  if (container === undefined || catalogue.pods.length === 0 || catalogue.containers.includes(container)) return;
  throw new UserError(`No pod of ${catalogue.devnet} has a container called "${container}".`, { hint: `its containers: ${[...catalogue.containers].sort().join(', ')}` });
}
