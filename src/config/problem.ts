/** A problem found in a profile: where it is, what is wrong, and what to do about it. */
import type { FieldPath, Location } from './source.js';

export interface Problem {
  severity: 'error' | 'warning';
  path: FieldPath;
  message: string;
  hint?: string | undefined;
  /** Point at the key rather than its value (unknown fields). */
  at?: 'key' | 'value';
  /**
   * The profile reads fine, but a devnet deployed from it could not work (a chain that never
   * finalises, nodes that cannot find each other, flags the program refuses). Such an error stops
   * the commands that deploy or describe a deployment; the ones that read or remove a devnet that
   * exists take it as a warning, so a devnet whose profile no longer works can still be taken down.
   */
  viability?: true;
}

export interface LocatedProblem extends Problem {
  /** Where the value came from: a position in a file, or a --set flag. */
  origin: Location | { flag: string };
}

export function formatPath(path: FieldPath): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const safe = /^[A-Za-z_][\w-]*$/.test(segment) ? segment : JSON.stringify(segment);
    return text === '' ? safe : `${text}.${safe}`;
  }, '');
}

export function formatOrigin(origin: LocatedProblem['origin']): string {
  return 'flag' in origin ? origin.flag : `${origin.file}:${origin.line}:${origin.col}`;
}

/** `file:line:col  path.to.field: message` followed by an indented hint. */
export function formatProblem(problem: LocatedProblem): string {
  const field = formatPath(problem.path);
  const head = `${formatOrigin(problem.origin)}  ${field === '' ? '' : `${field}: `}${problem.message}`;
  return problem.hint === undefined ? head : `${head}\n    hint: ${problem.hint}`;
}

/** An error of viability (see Problem): the devnet could not be deployed or would not work. */
export function unworkable(path: FieldPath, message: string, hint: string): Problem {
  return { severity: 'error', path, message, hint, viability: true };
}

export function warning(path: FieldPath, message: string, hint: string): Problem {
  return { severity: 'warning', path, message, hint };
}
