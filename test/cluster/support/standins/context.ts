/**
 * What every stand-in is started with: a client for the control plane, a scratch directory for
 * openssl, and a record of the errors it met along the way (a stand-in retries on its own, so
 * these are for diagnosing a failed test, not failures in themselves).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { dirname } from 'node:path';
import { Api } from './api.js';

export interface StandinOptions {
  /** Path of the control plane's kubeconfig (`inject('kubeconfig')`). */
  kubeconfig: string;
  /** Called with each error the stand-in met and will retry; by default they are only recorded. */
  onError?: (message: string) => void;
}

export interface StandinContext {
  kc: KubeConfig;
  api: Api;
  /** Beside the kubeconfig, that is inside the control plane's state directory. */
  scratchDir: string;
  onError: (what: string, error: unknown) => void;
  errors: string[];
}

export interface Standin {
  /** `https://127.0.0.1:<port>`, where the webhook configurations now point. */
  readonly url: string;
  /** The CA that signed the webhook's serving certificate, as injected into caBundle. */
  readonly caPem: string;
  /** Resolves once the webhook accepts connections. */
  readonly listening: Promise<void>;
  /** Errors met and retried so far, for diagnosing a failed test. */
  readonly errors: readonly string[];
  /** Stops the server, the watches and every timer. Leaves the objects it wrote in place. */
  stop(): Promise<void>;
}

const MAX_ERRORS = 200;

export function standinContext(options: StandinOptions, fieldManager: string): StandinContext {
  const kc = new KubeConfig();
  kc.loadFromFile(options.kubeconfig);
  const errors: string[] = [];
  return {
    kc,
    api: new Api(kc, fieldManager),
    scratchDir: dirname(options.kubeconfig),
    errors,
    onError: (what, error) => {
      const message = `${fieldManager}: ${what}: ${error instanceof Error ? error.message : String(error)}`;
      if (errors.length < MAX_ERRORS) errors.push(message);
      options.onError?.(message);
    },
  };
}
