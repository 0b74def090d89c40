/**
 * The Linera release devnet is checked against: the real-Linera test tier builds these binaries from
 * crates.io, and every flag, file format and port devnet renders names its source at this version.
 * The default images are the testnet_conway ones, whose branch carries the same 0.15 line.
 */
export const LINERA_VERSION = '0.15.23';
