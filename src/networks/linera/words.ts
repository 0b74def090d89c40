/** Command lines as shell words: literal parts, and the profile's extra flags. */
import type { Word } from '../topology.js';

export const words = (...parts: (string | number)[]): Word[] => parts.map((part) => [{ text: String(part) }]);

/** camelCase flags from the profile as --kebab-case words; false and null are left out. */
export function flagWords(flags: Readonly<Record<string, string | number | boolean | null>>): Word[] {
  return Object.entries(flags).flatMap(([name, value]) => {
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === false || value === null) return [];
    return value === true ? words(flag) : words(flag, value);
  });
}
