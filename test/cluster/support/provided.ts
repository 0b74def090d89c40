/**
 * What test/cluster/global-setup.ts hands to the cluster tests through `inject()`.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of an admin kubeconfig for the shared control plane. */
    kubeconfig: string;
    /** The control plane's state directory (pod logs live in <dir>/podlogs). */
    controlPlaneStateDir: string;
    /** The real-Linera tier only: the directory of the Linera binaries built from crates.io. */
    lineraBin: string;
  }
}

export {};
