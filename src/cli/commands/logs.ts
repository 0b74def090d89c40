import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addOutputOption, addProfileOptions, collect, durationSeconds, examples, nonNegativeInteger, outputOf, profileFlags, type ClusterOptionValues, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, ClusterOptionValues, OutputOptionValues {
  follow?: boolean;
  container?: string;
  since?: number;
  tail?: number;
  include?: string[];
  exclude?: string[];
  previous?: boolean;
  timestamps?: boolean;
}

export function registerLogs(program: Command, io: Io): void {
  const command = program
    .command('logs')
    .argument('[selector]', 'validator-1, shards, validator-1/shards, shards-0, validator-1/shards-0 or <namespace>/<pod>; the whole devnet when absent')
    .summary(summaryOf('logs'))
    .description(
      'Print the logs of the pods a selector names, each pod prefixed in its own colour, like stern. With -f, keep following: ' +
        'pods that appear are added (+), pods that go are removed (-), restarted containers are followed into their next run (↻), ' +
        'and a broken stream resumes where it stopped, without repeating or losing a line.',
    );
  addOutputOption(addClusterOptions(addProfileOptions(command, true)), 'NDJSON, {time, namespace, pod, container, text, previous} per line and {event, …} per marker, ending with an end event')
    .option('-f, --follow', 'keep following until Ctrl-C')
    .option('-c, --container <name>', 'only this container of each pod')
    .option('--since <duration>', 'only lines newer than this, e.g. 10m or 1h', durationSeconds)
    .option('--tail <n>', 'start from the last n lines of each container', nonNegativeInteger)
    .option('--include <regex>', 'only lines matching this JavaScript regular expression (repeatable; a line matching one of them is kept)', collect)
    .option('--exclude <regex>', 'hide lines matching this regular expression (repeatable)', collect)
    .option('--previous', 'the log of each container before its last restart (not with -f)')
    .option('-t, --timestamps', 'print the time the cluster recorded for each line')
    .addHelpText('after', examples([
      ['devnet logs -f', 'everything, as it happens'],
      ['devnet logs -f shards --tail 20', 'the shards of every validator, from their last 20 lines'],
      ['devnet logs validator-1/proxy-0 --since 10m', 'one pod, the last ten minutes'],
      ['devnet logs -f --include "ERROR|WARN" --exclude healthz', 'only what looks wrong'],
      ['devnet logs shards-1 --previous', 'why a crashed shard died'],
      ['devnet logs -f -o json | jq -r \'select(.text) | .text\'', 'in scripts'],
    ]))
    .action(async (selector: string | undefined, options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runLogs } = await import('../../tasks/logs/command.js');
      await runLogs(
        {
          ...profileFlags(options),
          context: options.context,
          kubeconfig: options.kubeconfig,
          selector,
          container: options.container,
          follow: options.follow === true,
          previous: options.previous === true,
          tail: options.tail,
          sinceSeconds: options.since,
          include: options.include ?? [],
          exclude: options.exclude ?? [],
          timestamps: options.timestamps === true,
          json,
        },
        io,
      );
    });
}
