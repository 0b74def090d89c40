/**
 * The `/` filter: a regular expression that keeps matching lines, or with a leading `!` hides them.
 * Case is ignored unless the pattern has a capital letter (smart case, as in ripgrep and vim).
 */

export interface LogFilter {
  /** What the user typed, shown back in the pane title. */
  text: string;
  exclude: boolean;
  test: RegExp;
  /** Global twin of `test`, for highlighting every match. */
  all: RegExp;
}

export type FilterParse = { ok: true; filter: LogFilter | null } | { ok: false; error: string };

export function parseFilter(text: string): FilterParse {
  if (text === '') return { ok: true, filter: null };
  const exclude = text.startsWith('!');
  const pattern = exclude ? text.slice(1) : text;
  if (pattern === '') return { ok: false, error: 'type a pattern after ! to hide the lines it matches' };
  const flags = /[A-Z]/.test(pattern.replace(/\\./g, '')) ? '' : 'i';
  try {
    return { ok: true, filter: { text, exclude, test: new RegExp(pattern, flags), all: new RegExp(pattern, `${flags}g`) } };
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    return { ok: false, error: `not a valid regular expression: ${reason}` };
  }
}

export function keeps(filter: LogFilter | null, text: string): boolean {
  if (filter === null) return true;
  return filter.test.test(text) !== filter.exclude;
}

export interface Range {
  start: number;
  end: number;
}

/** Where an include filter matches, for highlighting; empty for exclude filters (nothing shown matches). */
export function matchRanges(filter: LogFilter | null, text: string, limit = 64): Range[] {
  if (filter === null || filter.exclude) return [];
  const ranges: Range[] = [];
  filter.all.lastIndex = 0;
  for (let match = filter.all.exec(text); match !== null && ranges.length < limit; match = filter.all.exec(text)) {
    // A pattern that can match nothing (`a*`) would loop in place.
    if (match[0] === '') {
      filter.all.lastIndex++;
      continue;
    }
    ranges.push({ start: match.index, end: match.index + match[0].length });
  }
  return ranges;
}
