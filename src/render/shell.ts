/** Command lines as POSIX shell text: literal words single-quoted, pod values as "${VAR}". */
import type { Word } from '../networks/topology.js';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quote(text: string): string {
  if (text !== '' && SAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `resolve` gives the text of a material reference (public values only). */
export function shellWord(word: Word, resolve: (name: string) => string): string {
  const parts = word.map((segment) => {
    if ('env' in segment) return `"\${${segment.env}}"`;
    return quote('text' in segment ? segment.text : resolve(segment.material));
  });
  return parts.length === 0 ? "''" : parts.join('');
}

export function shellLine(words: readonly Word[], resolve: (name: string) => string): string {
  return words.map((word) => shellWord(word, resolve)).join(' ');
}

/** The same words for people: pod values shown as $VAR, nothing quoted that need not be. */
export function displayLine(words: readonly Word[], resolve: (name: string) => string): string {
  return words
    .map((word) => {
      const text = word.map((s) => ('env' in s ? `$${s.env}` : 'text' in s ? s.text : resolve(s.material))).join('');
      return text === '' || /[\s"'\\]/.test(text) ? JSON.stringify(text) : text;
    })
    .join(' ');
}
