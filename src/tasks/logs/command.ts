/** devnet logs: the logs of a devnet's pods, read once or followed, stern-like. */
import { ClusterError, InterruptedError, UserError } from '../../errors/index.js';
import { KubeApiError, type Kube } from '../../kube/client.js';
import type { PodObject } from '../../kube/conditions.js';
import type { CommandLines } from '../../output/command-line.js';
import { theme } from '../../output/theme.js';
import { LABEL } from '../../render/labels.js';
import type { Io } from '../../system/io.js';
import type { ProfileFlags } from '../load-profile.js';
import { openDevnet } from '../open-devnet.js';
import type { ClusterFlags } from '../target.js';
import { catalogueOf } from './catalogue.js';
import { LogFollower, type LogSummary } from './follower.js';
import { linePredicate } from './patterns.js';
import { FOLLOW_QUEUE_LINES, LogPrinter } from './printer.js';
import { describeScope, type LogScope } from './scope.js';
import { checkContainer, parseSelector } from './selector.js';
import type { MatchedPod } from './types.js';

export interface LogsFlags extends ProfileFlags, ClusterFlags {
  selector: string | undefined;
  container: string | undefined;
  follow: boolean;
  previous: boolean;
  tail: number | undefined;
  sinceSeconds: number | undefined;
  include: string[];
  exclude: string[];
  timestamps: boolean;
  json: boolean;
}

export async function runLogs(flags: LogsFlags, io: Io): Promise<void> {
  // Everything the user typed is checked before the cluster is asked anything.
  const lines = linePredicate(flags.include, flags.exclude);
  if (flags.follow && flags.previous) {
    throw new UserError('--previous cannot be combined with -f: a container that has stopped writes nothing more.', {
      hint: 'devnet logs --previous reads it; devnet logs -f follows the current one',
    });
  }
  const { loaded, kube, lines: commands } = await openDevnet(flags, io, 'logs');
  const devnet = loaded.profile.name;
  try {
    const scope = await resolveScope(kube, loaded.topology, flags, commands, io.signal);
    const printer = new LogPrinter(io.stdout, { devnet, json: flags.json, timestamps: flags.timestamps, theme: theme(io.env, io.stdout), bound: flags.follow ? FOLLOW_QUEUE_LINES : Number.POSITIVE_INFINITY });
    const request = { scope, follow: flags.follow, previous: flags.previous, tail: flags.tail, sinceSeconds: flags.sinceSeconds, lines };
    const sink = {
      lines: printer.lines.bind(printer),
      event: printer.event.bind(printer),
      synced: (pods: MatchedPod[]) => {
        printer.synced(pods);
        if (pods.length === 0 && flags.follow) waiting(io, devnet, scope, kube.context);
      },
    };
    let summary: LogSummary;
    try {
      summary = await new LogFollower(kube, devnet, request, sink).run(io.signal);
    } finally {
      await printer.flush();
    }
    if (io.signal.aborted) throw new InterruptedError(flags.follow ? `Stopped following the logs of ${devnet}.` : 'Interrupted.');
    if (!flags.follow) explainEmpty(summary, { devnet, scope, previous: flags.previous, context: kube.context, commands }, io);
  } catch (error) {
    throw asClusterError(error, commands);
  }
}

async function resolveScope(kube: Kube, planned: Parameters<typeof catalogueOf>[0], flags: LogsFlags, commands: CommandLines, signal: AbortSignal): Promise<LogScope> {
  const { items } = await kube.list<PodObject>('v1', 'Pod', { labelSelector: `${LABEL.instance}=${planned.name}`, signal });
  const catalogue = catalogueOf(planned, items);
  const scope = parseSelector(flags.selector ?? '', catalogue, commands);
  checkContainer(flags.container, catalogue);
  return flags.container === undefined ? scope : { ...scope, container: flags.container };
}

function waiting(io: Io, devnet: string, scope: LogScope, context: string): void {
  io.stderr.write(`No pods of ${devnet} match ${describeScope(scope)} yet (context ${context}); waiting for them. Ctrl-C to stop.\n`);
}

/** Nothing printed is an answer only when it is said out loud. */
function explainEmpty(summary: LogSummary, what: { devnet: string; scope: LogScope; previous: boolean; context: string; commands: CommandLines }, io: Io): void {
  const scope = describeScope(what.scope);
  if (summary.pods === 0) {
    throw new UserError(`No pods of ${what.devnet} match ${scope} (context ${what.context}).`, {
      hint: `${what.commands.devnet('status')} shows what is running; ${what.commands.up()} starts the devnet; -f waits for pods to appear`,
    });
  }
  if (what.previous && summary.containers === 0) {
    throw new UserError(`No container of ${scope} has restarted, so there is no previous log.`, { hint: 'drop --previous to read the current logs' });
  }
  if (summary.containers === 0) io.stderr.write(`None of the ${summary.pods} pods of ${scope} has started a container yet; nothing to show. ${what.commands.devnet('status')} says why.\n`);
}

function asClusterError(error: unknown, commands: CommandLines): unknown {
  if (!(error instanceof KubeApiError)) return error;
  return new ClusterError(`The cluster answered ${error.status} ${error.reason} for ${error.path}: ${error.message}`, {
    hint: error.status === 401 || error.status === 403 ? 'your kubeconfig user needs list/watch on pods and get on pods/log' : `${commands.devnet('status')} shows whether the cluster is healthy`,
  });
}
