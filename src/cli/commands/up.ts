import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { InvalidArgumentError } from 'commander';
import { addClusterOptions, addOutputOption, addProfileOptions, collect, durationOption, durationSeconds, examples, outputOf, profileFlags, type ClusterOptionValues, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, ClusterOptionValues, OutputOptionValues {
  timeout: number;
  recreate?: boolean;
  useContext?: boolean;
  loadImage?: string[];
  manifestsDir?: string;
  skipPreflight?: boolean;
  skipEndpointCheck?: boolean;
  yes?: boolean;
  dashboard: boolean;
  chaos: boolean;
  waitHealthy?: boolean;
  ttl?: { text: string; seconds: number };
  bundleOnFailure?: string;
  offline?: boolean;
}

export function registerUp(program: Command, io: Io): void {
  const command = program
    .command('up')
    .summary(summaryOf('up'))
    .description(
      'Create (or reuse) the kind cluster, install cert-manager and scylla-operator when the network needs them, generate keys and genesis, deploy every validator and wait until each is ready. Run it again to apply changes; an unchanged profile changes nothing.',
    );
  addOutputOption(addClusterOptions(addProfileOptions(command)), 'NDJSON events on stdout (phase, note, ready), ending with an end event; progress stays on stderr')
    .addOption(durationOption('--timeout <duration>', 'overall deadline, e.g. 90s, 15m', '15m'))
    .option('--recreate', 'delete and recreate the kind cluster when its config changed (ports, nodes, image)')
    .option('--use-context', 'also make the kind cluster the current context of your kubeconfig')
    .option('--load-image <image>', 'load a local image into kind under a content-derived tag and use it (repeatable)', collect)
    .option('--manifests-dir <dir>', 'read the cert-manager and scylla-operator manifests from here instead of downloading them')
    .option('--offline', 'use only what this machine has (images in Docker, a registry cache or the node; manifests at hand) and refuse at once, naming what is missing')
    .option('--skip-preflight', 'do not check Docker, kind, ports and kernel limits first')
    .option('--skip-endpoint-check', 'do not check that the validators answer on their host ports')
    .option('--wait-healthy', 'also wait until every replica with a health rule shows its log keyword (within --timeout)')
    .option('-y, --yes', 'when the committee or seed changed, replace the network without asking (its validators and storage are deleted)')
    .option('--no-dashboard', 'exit when ready instead of opening the dashboard (the default without a terminal)')
    .option('--no-chaos', "do not play the profile's chaos: schedule once ready (devnet chaos run plays it later)")
    .option('--ttl <duration>', 'mark the devnet to expire this long from now, e.g. 2h; devnet gc removes it after that (a later up without --ttl keeps the expiry)', ttl)
    .option('--bundle-on-failure <file.tar.gz>', 'when up fails, write the debugging bundle (devnet bundle) to this file')
    .addHelpText(
      'after',
      examples([
        ['devnet up', 'the default 3-validator Linera devnet'],
        ['devnet up -p substrate --validators 4 --seed ci', 'a reproducible substrate devnet'],
        ['devnet up --load-image linera:dev', 'use an image built on this machine'],
        ['devnet images load devnet-images.tar && devnet up --offline', 'on a machine without a network'],
        ['devnet up --context staging --no-dashboard', 'deploy into an existing cluster'],
        ['devnet up -o json --timeout 20m > events.ndjson', 'in CI'],
        ['devnet up -p substrate --wait-healthy --no-dashboard', 'until the nodes author blocks'],
        ['devnet up --validators 4 --yes', 'a new committee: replace the network without asking'],
        ['devnet up -p substrate --seed ci --ttl 2h --bundle-on-failure devnet.tar.gz', 'in CI: expires in 2 hours, a bundle when it fails'],
      ]),
    )
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runUpCommand } = await import('../../tasks/up-command.js');
      await runUpCommand(
        {
          ...profileFlags(options),
          context: options.context,
          kubeconfig: options.kubeconfig,
          timeoutSeconds: options.timeout,
          recreate: options.recreate === true,
          useContext: options.useContext === true,
          loadImages: options.loadImage ?? [],
          manifestsDir: options.manifestsDir,
          skipPreflight: options.skipPreflight === true,
          skipEndpointCheck: options.skipEndpointCheck === true,
          json,
          yes: options.yes === true,
          dashboard: options.dashboard,
          chaos: options.chaos,
          waitHealthy: options.waitHealthy === true,
          ttl: options.ttl?.text,
          ttlSeconds: options.ttl?.seconds,
          bundleOnFailure: options.bundleOnFailure,
          offline: options.offline === true,
        },
        io,
      );
    });
}

function ttl(value: string): { text: string; seconds: number } {
  const seconds = durationSeconds(value);
  if (seconds < 1) throw new InvalidArgumentError('expected a duration of at least 1s, such as 30m or 2h');
  return { text: value, seconds };
}
