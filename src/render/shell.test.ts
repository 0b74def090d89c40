import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import type { Word } from '../networks/topology.js';
import { displayLine, shellLine } from './shell.js';

/** Runs the rendered line through a real /bin/sh and returns the argv it sees. */
function argvSeenBySh(words: Word[], env: Record<string, string>): string[] {
  const line = shellLine(words, (name) => `material:${name}`);
  const out = execFileSync('/bin/sh', ['-c', `for a in ${line}; do printf '%s\\0' "$a"; done`], { env: { PATH: process.env.PATH, ...env } });
  return out.toString().split('\0').slice(0, -1);
}

describe('command lines as shell text', () => {
  test('literal text reaches the program unchanged, whatever it contains', () => {
    const tricky = ["it's", 'a b', '$HOME', '`id`', '"q"', 'back\\slash', '', '*', 'semi;colon'];
    expect(argvSeenBySh(tricky.map((text) => [{ text }]), { HOME: '/nope' })).toEqual(tricky);
  });

  test('pod values expand at run time, even inside a word', () => {
    const word: Word = [{ text: '/ip4/' }, { env: 'DEVNET_NODE_IP' }, { text: '/tcp/30333' }];
    expect(argvSeenBySh([word], { DEVNET_NODE_IP: '10.0.0.7' })).toEqual(['/ip4/10.0.0.7/tcp/30333']);
  });

  test('an empty pod value stays one (empty) argument', () => {
    expect(argvSeenBySh([[{ env: 'DEVNET_BOOTSTRAP_ADDRESS' }], [{ text: 'next' }]], { DEVNET_BOOTSTRAP_ADDRESS: '' })).toEqual(['', 'next']);
  });

  test('public key material is filled in', () => {
    expect(argvSeenBySh([[{ text: '/p2p/' }, { material: 'node-key-0.peer-id' }]], {})).toEqual(['/p2p/material:node-key-0.peer-id']);
  });

  test('the display form shows pod values as $VAR and quotes only what needs it', () => {
    expect(displayLine([[{ text: 'run' }], [{ text: 'a b' }], [{ text: '/ip4/' }, { env: 'DEVNET_NODE_IP' }]], () => '')).toBe('run "a b" /ip4/$DEVNET_NODE_IP');
  });
});
