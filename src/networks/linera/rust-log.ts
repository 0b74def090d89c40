/**
 * RUST_LOG as Linera's processes read it: tracing-subscriber's EnvFilter, built with
 * `from_env_lossy` (linera-base 0.15.23 src/tracing.rs, get_env_config), which drops a directive it
 * cannot parse with a line on stderr and goes on at the default level. So a typo would silently log
 * at info; devnet refuses it when the profile is checked instead.
 *
 * The grammar, from tracing-subscriber 0.3.23 (the version in linera-service 0.15.23's lock):
 * directives split at every comma, empty ones skipped (src/filter/env/builder.rs, parse_lossy); a
 * directive starts with a target character (alphanumeric, `-`, `:`, `_`) or `[` for a span, then
 * `target[span{fields}]=level` with every part optional (src/filter/env/directive.rs, Directive::parse);
 * a level is trace, debug, info, warn, error or off in any case, or 0 to 5 (src/filter/level.rs).
 */

const LEVEL = /^(?:trace|debug|info|warn|error|off|[0-5])$/i;
const LEVELS = 'trace, debug, info, warn, error, off';

/** Why `value` is not a RUST_LOG Linera would take whole, or undefined when it is. */
export function rustLogProblem(value: string): string | undefined {
  for (const raw of value.split(',')) {
    if (raw === '') continue;
    const directive = raw.trim();
    if (directive !== '' && !/^[\p{L}\p{N}\-:_[]/u.test(directive)) {
      return `"${raw}" starts with "${directive[0] ?? ''}": a directive is a level (${LEVELS}), a target such as linera_core, or target=level`;
    }
    const unbalanced = (directive.match(/\[/g)?.length ?? 0) !== (directive.match(/]/g)?.length ?? 0);
    if (unbalanced) return `"${raw}" opens a [span] it does not close`;
    const level = directive.includes('=') && !directive.includes('{') ? directive.slice(directive.lastIndexOf('=') + 1) : undefined;
    if (level !== undefined && level !== '' && !LEVEL.test(level)) return `"${raw}" sets the level "${level}": a level is one of ${LEVELS}, or 0 to 5`;
  }
  return undefined;
}
