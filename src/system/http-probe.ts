/** An HTTP GET from this machine, for checks of endpoints the host reaches (kind host ports). */

export type HttpProbe = { status: number; body: string } | { error: string };

export async function httpGet(url: string, timeoutMs: number, signal?: AbortSignal, maxChars = 4096): Promise<HttpProbe> {
  try {
    const response = await fetch(url, { signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal === undefined ? [] : [signal])]), redirect: 'manual' });
    return { status: response.status, body: (await response.text()).slice(0, maxChars) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}
