/** --include and --exclude: JavaScript regular expressions, checked before anything is read. */
import { UserError } from '../../errors/index.js';

export type LinePredicate = (text: string) => boolean;

export const keepAll: LinePredicate = () => true;

/** A line is kept when it matches one --include (if any were given) and no --exclude. */
export function linePredicate(include: readonly string[], exclude: readonly string[]): LinePredicate {
  const includes = include.map((pattern) => compile('--include', pattern));
  const excludes = exclude.map((pattern) => compile('--exclude', pattern));
  if (includes.length === 0 && excludes.length === 0) return keepAll;
  return (text) => (includes.length === 0 || includes.some((re) => re.test(text))) && !excludes.some((re) => re.test(text));
}

function compile(flag: string, pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    // V8 says "Invalid regular expression: /(/: Unterminated group"; the pattern is already named.
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '') : String(error);
    throw new UserError(`${flag} ${JSON.stringify(pattern)} is not a valid regular expression: ${reason}.`, {
      hint: 'patterns are JavaScript regular expressions; escape special characters with \\ (e.g. --include "\\[error\\]")',
    });
  }
}
