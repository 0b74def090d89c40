// npm run bench: prints the figures the issues ask for. Benchmarks print; they never pass or fail.
// BENCH=cli,up,logs,tui,kind selects sections (all by default). Sections that need a cluster share one
// test control plane (test/controlplane/), started on first use.
import { runCliBench } from './cli.js';
import { stopBenchCluster } from './control-plane.js';
import { runLogsBench } from './logs.js';
import { runUpBench } from './up.js';
import { runKindBench } from './kind.js';

const sections: Record<string, () => Promise<string[]>> = {
  cli: runCliBench,
  up: runUpBench,
  logs: runLogsBench,
  kind: runKindBench,
  tui: async () => {
    const { runTuiBench } = await import('./tui.js');
    const figures = await runTuiBench();
    return ['Dashboard (simulated 1,000 lines/s from 50 pods, 10 minutes of virtual time)', ...Object.entries(figures).map(([k, v]) => `  ${k.padEnd(58)} ${String(v).padStart(12)}`)];
  },
};
const wanted = (process.env.BENCH ?? Object.keys(sections).join(',')).split(',');
try {
  for (const name of wanted) {
    const section = sections[name.trim()];
    if (section === undefined) throw new Error(`unknown bench section ${name}; known: ${Object.keys(sections).join(', ')}`);
    for (const line of await section()) console.log(line);
    console.log('');
  }
} finally {
  await stopBenchCluster();
}
