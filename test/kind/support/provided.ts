/** What test/kind/global-setup.ts hands to the kind tier's tests through `inject()`. */
import type { LineraImages } from '../build/linera-images.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory holding kind (v0.33.0, built here) and the node's other programs. */
    kindToolsBin: string;
    /** The kind node image built on this machine. */
    kindNodeImage: string;
    /** Linera's images, built from the real binaries. */
    lineraImages: LineraImages;
    /** The real Linera binaries, for the client on the host. */
    lineraBin: string;
    /** The Distribution registry built here (registry:3's program), for caches and the tests' upstream. */
    registryImage: string;
    /** kube-router and ipset, a tree to copy into a node at / to make it enforce NetworkPolicy. */
    policyEnforcer: string;
  }
}

export {};
