/** What a template-driven P2P network kind tells the shared planner about its program. */
import type { CodexProfile } from '../codex/profile-schema.js';
import type { SubstrateProfile } from '../substrate/profile-schema.js';
import type { KeyRequest, Word } from '../topology.js';
import type { ArgForm } from './command.js';

export type Section = SubstrateProfile['substrate'] | CodexProfile['codex'];

export interface P2pFlavour {
  profile: SubstrateProfile | CodexProfile;
  section: Section;
  sectionKey: 'substrate' | 'codex';
  component: string;
  role: string;
  /** How the program takes option values. */
  argForm: ArgForm;
  /** File format of the per-replica key (section.keys) the program reads. */
  keyFormat: KeyRequest['format'];
  /** A bootstrap node in the shared namespace, whose address the other nodes receive. */
  bootstrap?: { role: string; api: { port: number; path: string } };
  /** Give every node but the first the first node's address and peer id (--bootnodes) on this port. */
  bootnodes?: { port: string };
  /** Words between the command and the flags (a subcommand). */
  subcommand?: string[];
  /** More per-replica keys the network gives its nodes, in the same key directory. */
  extraKeys?: { fileName: string; type: KeyRequest['type']; format: KeyRequest['format'] }[];
  /** Flags the network adds to one replica's command line after the profile's own. */
  extraWords?: (slot: Slot) => Word[];
  flows: string[];
}

export interface Slot {
  component: string;
  namespace: string;
  validator: number | null;
  ordinal: number;
  /** Index across the devnet: bootstrap first (if any), then validator × replicas + ordinal. */
  index: number;
}
