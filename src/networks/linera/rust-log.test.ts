import { describe, expect, test } from 'vitest';
import { loadShipped, problems } from '../../../test/support/profiles.js';
import { shippedText } from '../../../test/support/profiles.js';
import { rustLogProblem } from './rust-log.js';

describe('linera.logLevel, as RUST_LOG', () => {
  test.each(['info', 'DEBUG', 'warn,linera_core=debug', 'linera_core', 'linera::chain=trace', '3', 'off', '[span]=debug', 'info,'])('%s is taken', (value) => {
    expect(rustLogProblem(value)).toBeUndefined();
  });

  test.each([
    ['@debug', '"@debug" starts with "@"'],
    ['info,linera_core=verbose', 'sets the level "verbose"'],
    ['linera[chain=debug', 'opens a [span] it does not close'],
  ])('%s is refused: %s', (value, why) => {
    expect(rustLogProblem(value)).toContain(why);
  });

  test('a profile with a RUST_LOG Linera would drop is refused at the field, before anything runs', () => {
    expect(problems(shippedText('linera'), ['linera.logLevel="@debug"'])).toEqual([
      expect.stringContaining('linera.logLevel: "@debug" starts with "@": a directive is a level'),
    ]);
    expect(loadShipped('linera', ['linera.logLevel="warn,linera_core=debug"']).profile).toMatchObject({ linera: { logLevel: 'warn,linera_core=debug' } });
  });
});
