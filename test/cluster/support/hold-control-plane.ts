/**
 * Child-process fixture for harness.test.ts: starts a control plane, prints its component PIDs
 * and state dir as one JSON line, then waits to be killed (SIGKILL in that test, so no handler
 * of ours runs and the next start has to clean up after it).
 */
import { startControlPlane } from '../../controlplane/index.js';

const controlPlane = await startControlPlane({ binDir: process.argv[2] });
process.stdout.write(`${JSON.stringify({ stateDir: controlPlane.stateDir, pids: controlPlane.components.map((c) => c.pid) })}\n`);
setInterval(() => {}, 60_000);
