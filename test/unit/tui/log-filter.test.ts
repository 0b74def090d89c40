import { describe, expect, test } from 'vitest';
import { keeps, matchRanges, parseFilter, type LogFilter } from '../../../src/tui/log-filter.js';
import { highlight } from '../../../src/tui/log-window.js';

function filter(text: string): LogFilter {
  const parsed = parseFilter(text);
  if (!parsed.ok || parsed.filter === null) throw new Error(`no filter for ${text}`);
  return parsed.filter;
}

describe('log filter', () => {
  test('a pattern keeps matching lines; with ! it hides them', () => {
    expect(keeps(filter('err'), 'ERROR: disk')).toBe(true);
    expect(keeps(filter('err'), 'ok')).toBe(false);
    expect(keeps(filter('!health'), 'GET /health 200')).toBe(false);
    expect(keeps(filter('!health'), 'GET /blocks 200')).toBe(true);
  });

  test('case is ignored unless the pattern has a capital letter', () => {
    expect(keeps(filter('warn'), 'WARN slow')).toBe(true);
    expect(keeps(filter('Warn'), 'WARN slow')).toBe(false);
    expect(keeps(filter('\\d+ms'), '412MS')).toBe(true);
  });

  test('an invalid pattern is an error message, not an exception', () => {
    expect(parseFilter('(unclosed')).toEqual({ ok: false, error: expect.stringContaining('not a valid regular expression') });
    expect(parseFilter('!')).toEqual({ ok: false, error: expect.stringContaining('after !') });
    expect(parseFilter('')).toEqual({ ok: true, filter: null });
  });

  test('matches are highlighted, including repeated ones; empty matches do not loop', () => {
    expect(highlight('a err b err', filter('err'))).toEqual([{ text: 'a ' }, { text: 'err', highlight: true }, { text: ' b ' }, { text: 'err', highlight: true }]);
    expect(matchRanges(filter('x*'), 'abc')).toEqual([]);
    expect(highlight('a err', filter('!err'))).toEqual([{ text: 'a err' }]);
  });
});
