import { Option, type Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addOutputOption, addProfileOptions, durationSeconds, examples, outputOf, profileFlags, type ClusterOptionValues, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, ClusterOptionValues, OutputOptionValues {
  follow?: boolean;
  pingUrl?: string;
  pingInterval: number;
}

export function registerHealth(program: Command, io: Io): void {
  const command = program
    .command('health')
    .summary(summaryOf('health'))
    .description(
      'For every component with a health rule, check that its keyword keeps appearing in each replica\'s log within the rule\'s threshold. ' +
        'Without -f, watch until every replica is healthy (exit 0) or until the longest threshold has passed (exit 4). ' +
        'Pings go to <url>/<check> while a replica is healthy and <url>/<check>/fail when not, from its first match on, once a minute.',
    );
  addOutputOption(addClusterOptions(addProfileOptions(command, true)), 'an object with every replica (with -f: NDJSON, one object per replica and change, ending with an end event)')
    .option('-f, --follow', 'keep watching and pinging until Ctrl-C, printing each change of state')
    .option('--ping-url <url>', 'ping this healthchecks-compatible base URL (overrides the profile\'s pings.url; without pings in the profile, each replica pings <namespace>-<pod>)')
    .addOption(new Option('--ping-interval <duration>', 'time between two pings of a replica').argParser(durationSeconds).default(60).hideHelp())
    .addHelpText('after', examples([
      ['devnet health -p substrate', 'are the substrate nodes authoring blocks?'],
      ['devnet health -p substrate -f --ping-url https://hc-ping.com', 'keep reporting to healthchecks.io'],
      ['devnet health -o json | jq \'.replicas[] | select(.state != "healthy")\'', 'in CI'],
    ]))
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runHealth } = await import('../../tasks/health/command.js');
      await runHealth(
        {
          ...profileFlags(options),
          context: options.context,
          kubeconfig: options.kubeconfig,
          follow: options.follow === true,
          pingUrl: options.pingUrl,
          json,
          pingIntervalSeconds: Math.max(1, options.pingInterval),
        },
        io,
      );
    });
}
