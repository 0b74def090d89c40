/**
 * Key material: what genesis and key generation produced, by name (e.g. `validator-0/server.json`,
 * `genesis.json`, `node-key-3`, `node-key-3.peer-id`). Topologies refer to entries by name; only the
 * renderer reads their text, and only into Secrets when an entry is secret.
 */

export interface MaterialEntry {
  text: string;
  secret: boolean;
  /** base64: `text` is the base64 of binary content (a key file that is not text). */
  encoding?: 'base64';
}

export interface Material {
  entries: ReadonlyMap<string, MaterialEntry>;
  /** How it was made: by the network's own tools, devnet's built-in generator, or placeholders. */
  origin: 'linera-tools' | 'builtin' | 'placeholder';
  /** Set when keys were derived from a seed, so the same seed gives the same devnet. */
  seed?: string;
}

export function materialOf(origin: Material['origin'], entries: Record<string, MaterialEntry>, seed?: string): Material {
  return { entries: new Map(Object.entries(entries)), origin, ...(seed === undefined ? {} : { seed }) };
}

/** Material plus values discovered at run time (e.g. the bootstrap address), which are public. */
export function withEntries(material: Material, extra: Record<string, string>): Material {
  const entries = new Map(material.entries);
  for (const [name, text] of Object.entries(extra)) entries.set(name, { text, secret: false });
  return { ...material, entries };
}
