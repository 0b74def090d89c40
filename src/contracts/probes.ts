/**
 * What a network's built-in checks may ask of a running devnet, declared here so that
 * src/networks/<kind>/checks.ts says what to measure without doing any I/O itself;
 * src/tasks/check/ implements it (through the Kubernetes API's pod proxy).
 */

/** One replica a check talks to. */
export interface PodTarget {
  namespace: string;
  pod: string;
  component: string;
  validator: number | null;
  /** Ports of the pod by name (as in the profile), e.g. { rpc: 9944 }. */
  ports: Readonly<Record<string, number>>;
}

export interface ProbeRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string | Uint8Array | undefined;
  contentType?: string | undefined;
}

export interface ProbeAnswer {
  status: number;
  body: Uint8Array;
  text(): string;
}

/** What the network's own client printed, and how it ended. */
export interface ClientAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Probes {
  /** An HTTP request to a port of a pod. Throws (with the reason) when nothing answers. */
  http(target: PodTarget, port: number, request: ProbeRequest): Promise<ProbeAnswer>;
  /** Bytes nobody can predict, e.g. the content of a file to upload. */
  randomBytes(size: number): Uint8Array;
  /**
   * The network's own command-line client, run the way a user runs it after `up` (Linera: `linera`
   * from the client image, on the host's network where the committee's addresses resolve, with the
   * wallet `up` handed over). Calls are one at a time: they share the wallet's storage.
   */
  client?(args: readonly string[], signal: AbortSignal): Promise<ClientAnswer>;
  /** A public file of the devnet's genesis, as the cluster holds it (Linera: committee.json). */
  genesisFile?(name: string, signal: AbortSignal): Promise<string>;
}
