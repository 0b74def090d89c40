/** HTTP downloads of release assets (the only place devnet reaches the internet). */
import { EnvironmentError } from '../errors/index.js';

export interface DownloadOptions {
  signal?: AbortSignal | undefined;
  /** What the user can do when the download fails (another source, a file downloaded beforehand). */
  hint?: string | undefined;
}

const MANIFESTS_HINT = 'check your network, or pass --manifests-dir with the manifests downloaded beforehand';

export async function download(url: string, signal?: AbortSignal): Promise<string> {
  return (await fetchOk(url, { signal, hint: MANIFESTS_HINT })).text();
}

/** A binary asset (an executable), whole in memory: the caller checks its digest before writing it anywhere. */
export async function downloadBytes(url: string, options: DownloadOptions = {}): Promise<Buffer> {
  const response = await fetchOk(url, options);
  try {
    return Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new EnvironmentError(`Downloading ${url} broke off (${(error as Error).message}).`, { hint: options.hint });
  }
}

async function fetchOk(url: string, options: DownloadOptions): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...(options.signal === undefined ? {} : { signal: options.signal }), redirect: 'follow' });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new EnvironmentError(`Could not download ${url} (${(error as Error).message}).`, { hint: options.hint });
  }
  if (!response.ok) {
    throw new EnvironmentError(`Downloading ${url} failed: HTTP ${response.status}.`, { hint: options.hint ?? MANIFESTS_HINT });
  }
  return response;
}
