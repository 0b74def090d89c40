/**
 * Colours in one place. NO_COLOR (any value) and output that is not a terminal turn them off;
 * FORCE_COLOR turns them on.
 */
import { Chalk } from 'chalk';

export interface Theme {
  error(text: string): string;
  warning(text: string): string;
  hint(text: string): string;
  ok(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  accent(text: string): string;
  /** A stable colour per name (a pod), the same in devnet logs and the dashboard. */
  keyed(name: string, text: string): string;
  enabled: boolean;
}

const PALETTE = ['cyan', 'green', 'yellow', 'blue', 'magenta', 'redBright', 'cyanBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright'] as const;

export function colorEnabled(env: Readonly<Record<string, string | undefined>>, stream: { isTTY?: boolean }): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function paletteIndex(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619) >>> 0;
  return hash % PALETTE.length;
}

export function paletteColor(name: string): (typeof PALETTE)[number] {
  return PALETTE[paletteIndex(name)] ?? 'cyan';
}

export function theme(env: Readonly<Record<string, string | undefined>>, stream: { isTTY?: boolean }): Theme {
  const enabled = colorEnabled(env, stream);
  const c = new Chalk({ level: enabled ? 1 : 0 });
  return {
    error: (s) => c.red.bold(s),
    warning: (s) => c.yellow.bold(s),
    hint: (s) => c.cyan(s),
    ok: (s) => c.green(s),
    dim: (s) => c.dim(s),
    bold: (s) => c.bold(s),
    accent: (s) => c.magenta(s),
    keyed: (name, s) => c[paletteColor(name)](s),
    enabled,
  };
}
