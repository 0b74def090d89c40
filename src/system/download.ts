/** HTTP downloads of release assets (the only place devnet reaches the internet). */
import { EnvironmentError } from '../errors/index.js';

export async function download(url: string, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { ...(signal === undefined ? {} : { signal }), redirect: 'follow' });
  } catch (error) {
    throw new EnvironmentError(`Could not download ${url} (${(error as Error).message}).`, {
      hint: 'check your network, or pass --manifests-dir with the manifests downloaded beforehand',
    });
  }
  if (!response.ok) {
    throw new EnvironmentError(`Downloading ${url} failed: HTTP ${response.status}.`, { hint: 'pass --manifests-dir with the manifests downloaded beforehand' });
  }
  return response.text();
}
