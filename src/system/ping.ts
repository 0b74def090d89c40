/**
 * Health pings to a healthchecks-compatible server: one POST, bounded by a timeout, that never
 * throws. kubevali POSTs a text/plain body with a 10s client timeout
 * (darwinia-network/kubevali@377704c, watchlog/watchlog.go:91-111); so does devnet.
 */

export interface PingOutcome {
  ok: boolean;
  /** "HTTP 200", "HTTP 404", "no answer within 10s", "connect ECONNREFUSED 127.0.0.1:9". */
  detail: string;
}

export async function sendPing(url: string, body: string, timeoutMs: number, signal: AbortSignal): Promise<PingOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body,
      redirect: 'follow',
      signal: AbortSignal.any([signal, timeout]),
    });
    // The answer ("OK") says nothing more than the status; release the connection.
    await response.body?.cancel().catch(() => {});
    return { ok: response.ok, detail: `HTTP ${response.status}` };
  } catch (error) {
    if (timeout.aborted) return { ok: false, detail: `no answer within ${Math.round(timeoutMs / 1000)}s` };
    if (signal.aborted) return { ok: false, detail: 'stopped' };
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return { ok: false, detail: cause ?? (error as Error).message };
  }
}
