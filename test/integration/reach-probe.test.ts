/**
 * The dashboard's reachability probe against real gRPC health servers on loopback, as Linera proxies
 * answer it: each validator's answer, since when, and who went silent once a server is closed.
 */
import { describe, expect, onTestFinished, test } from 'vitest';
import { ReachProbe } from '../../src/tasks/response/reach-probe.js';
import { grpcHealthServer } from '../support/grpc-health.js';

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('probing validator endpoints while the dashboard watches', () => {
  test('every served endpoint answers; a closed one goes silent and says since when; a NOT_SERVING one does not answer', async () => {
    const servers = [await grpcHealthServer('SERVING'), await grpcHealthServer('SERVING'), await grpcHealthServer('NOT_SERVING')];
    onTestFinished(() => servers.forEach((s) => s.stop()));
    const probe = new ReachProbe(servers.map((s, validator) => ({ validator, address: `127.0.0.1:${s.port}` })), { intervalMs: 50, timeoutMs: 1000 });
    let changes = 0;
    const controller = new AbortController();
    const stop = probe.watch(() => changes++, controller.signal);
    onTestFinished(() => stop());
    const view = () => probe.annotate({ header: { devnet: 'd', network: 'linera', context: 'c', phases: [] }, validators: [0, 1, 2].map((index) => ({ index, name: `validator-${index}`, namespace: `d-val-${index}`, endpoints: [], components: [] })) });
    const reach = (i: number) => view().validators[i]?.reach;

    await until(() => reach(0) !== undefined, 'the first round');
    expect(reach(0)).toMatchObject({ answers: true, address: `127.0.0.1:${servers[0]?.port}` });
    expect(reach(1)?.answers).toBe(true);
    expect(reach(2)).toMatchObject({ answers: false, reason: 'status NOT_SERVING' });
    expect(probe.silent()).toEqual(['validator-2']);
    const firstSeen = reach(0)?.since;
    const changesBefore = changes;

    servers[1]?.stop();
    await until(() => reach(1)?.answers === false, 'validator-1 to go silent');
    expect(reach(1)?.reason).toMatch(/UNAVAILABLE|ECONNREFUSED/);
    expect(probe.silent()).toEqual(['validator-1', 'validator-2']);
    // Rounds that change nothing keep the time a validator started answering and call no one.
    expect(reach(0)?.since).toBe(firstSeen);
    expect(changes).toBe(changesBefore + 1);

    stop();
    const after = changes;
    servers[1] = await grpcHealthServer('SERVING', Number(reach(1)?.address.split(':')[1]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toBe(after);
    expect(reach(1)?.answers).toBe(false);
  });
});
