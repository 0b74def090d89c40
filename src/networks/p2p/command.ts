/** Renders one replica's command line from the command and args templates of a P2P section. */
import type { z } from 'zod';
import { PlanError } from '../../config/plan-error.js';
import type { Word } from '../topology.js';
import type { argValue } from './profile-schema.js';
import { isEmptyWord, literal, renderTemplate, TemplateError } from './templates.js';
import { closest } from '../../config/suggest.js';

type ArgValue = z.infer<typeof argValue>;

/**
 * How a program takes an option's value. separate: `--flag value` (clap, e.g. polkadot; it also
 * accepts `--flag=value`). joined: `--flag=value`, the only form nim-confutils (Codex) reads a
 * value in; a separate word would be a stray argument there.
 */
export type ArgForm = 'separate' | 'joined';

export interface CommandSource {
  /** Profile path of the section, e.g. ['substrate']. */
  path: readonly string[];
  command: readonly string[];
  args: Readonly<Record<string, ArgValue>>;
  form: ArgForm;
}

/** Renders every template; problems are collected in `errors` so all of them can be reported at once. */
export function renderCommand(source: CommandSource, context: object, errors: PlanError[]): Word[] {
  const words: Word[] = [];
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof PlanError)) throw error;
      if (!errors.some((e) => e.message === error.message && e.path.join('.') === error.path.join('.'))) errors.push(error);
      return fallback;
    }
  };
  source.command.forEach((template, i) => {
    const word = attempt(() => render(template, context, [...source.path, 'command', i]), []);
    if (!isEmptyWord(word)) words.push(word);
  });
  for (const [flag, value] of Object.entries(source.args)) {
    words.push(...attempt(() => renderArg(flag, value, context, [...source.path, 'args', flag], source.form), []));
  }
  return words;
}

/** `--flag` with a value in the program's form; a bare flag for true, nothing for false, null or an empty value. */
export function optionWords(flag: string, value: Word, form: ArgForm): Word[] {
  const name = flag.length === 1 ? `-${flag}` : `--${flag}`;
  if (isEmptyWord(value)) return [];
  return form === 'joined' ? [[{ text: `${name}=` }, ...value]] : [literal(name), value];
}

function renderArg(flag: string, value: ArgValue, context: object, path: (string | number)[], form: ArgForm): Word[] {
  if (value === true) return [literal(flag.length === 1 ? `-${flag}` : `--${flag}`)];
  if (value === false || value === null) return [];
  if (typeof value === 'number') return optionWords(flag, literal(String(value)), form);
  const templates = Array.isArray(value) ? value : [value];
  return templates.flatMap((template, i) => optionWords(flag, render(template, context, Array.isArray(value) ? [...path, i] : path), form));
}

/** One environment value, rendered like a flag's. */
export function renderValue(template: string, context: object, path: (string | number)[], errors: PlanError[]): Word {
  try {
    return render(template, context, path);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    errors.push(error);
    return [];
  }
}

function render(template: string, context: object, path: (string | number)[]): Word {
  try {
    return renderTemplate(template, context);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new PlanError(path, `template ${JSON.stringify(template)}: ${error.message}`, templateHint(error.message, context));
  }
}

/** For `undefined variable: ports.transprt`, the closest name that does exist at that level. */
function didYouMean(message: string, context: object): string | undefined {
  const variable = /^undefined variable: ([\w.]+)/.exec(message)?.[1];
  if (variable === undefined) return undefined;
  const parts = variable.split('.');
  let scope: unknown = context;
  for (const [i, part] of parts.entries()) {
    const keys = scope !== null && typeof scope === 'object' ? Object.keys(scope) : [];
    if (!keys.includes(part)) {
      const guess = closest(part, keys);
      return guess === undefined ? undefined : `did you mean ${[...parts.slice(0, i), guess].join('.')}?`;
    }
    scope = (scope as Record<string, unknown>)[part];
  }
  return undefined;
}

function templateHint(message: string, context: object): string {
  const guess = didYouMean(message, context);
  if (guess !== undefined) return guess;
  if (message.startsWith('undefined variable')) {
    return 'available: index, ordinal, validator, replicas, devnet, namespace, component, pod.name, pod.address, node.address, ports.<name>.port / .nodePort / .hostPort, key.path, bootstrap.address';
  }
  if (message.startsWith('undefined filter')) return 'filters: pad (e.g. {{ index | pad: 2 }}) and the Liquid standard filters such as plus, minus, times';
  return 'see "Templates" in the README for the syntax';
}
