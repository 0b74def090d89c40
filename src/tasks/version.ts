/** devnet version: devnet's own version and the versions it pins, as kubectl, kind and helm say theirs. */
import { KIND_RELEASE } from '../cluster/kind-release.js';
import { KIND_NODE_IMAGE } from '../config/schema.js';
import { LINERA_VERSION } from '../networks/linera/version.js';
import { PREREQUISITES } from '../prereqs/versions.js';
import type { Io } from '../system/io.js';
import { version } from '../system/version.js';

export function versions(): Record<string, string> {
  return {
    devnet: version(),
    node: process.versions.node,
    kind: KIND_RELEASE.version,
    kindNodeImage: KIND_NODE_IMAGE,
    ...Object.fromEntries(PREREQUISITES.map((p) => [p.name, p.version])),
    linera: LINERA_VERSION,
  };
}

export function runVersion(json: boolean, io: Io): void {
  const all = versions();
  if (json) {
    io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(all).map((k) => k.length));
  io.stdout.write(`${Object.entries(all).map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}
