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

export interface Probes {
  /** An HTTP request to a port of a pod. Throws (with the reason) when nothing answers. */
  http(target: PodTarget, port: number, request: ProbeRequest): Promise<ProbeAnswer>;
  /** Bytes nobody can predict, e.g. the content of a file to upload. */
  randomBytes(size: number): Uint8Array;
}
