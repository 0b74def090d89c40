import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addOutputOption, addProfileOptions, examples, outputOf, profileFlags, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, OutputOptionValues {
  out?: string;
  showSecrets?: boolean;
  generateKeys?: boolean;
  kindConfig: boolean;
}

export function registerRender(program: Command, io: Io): void {
  const command = program
    .command('render')
    .summary(summaryOf('render'))
    .description(
      'Render the devnet of a profile without a cluster: Namespaces, Secrets (redacted), ConfigMaps, ScyllaClusters, Services, StatefulSets, Jobs and the kind cluster config, in the order up applies them.',
    );
  addOutputOption(addProfileOptions(command), 'a v1 List; yaml: one document per object', ['yaml', 'json'], 'yaml')
    .option('--out <dir>', 'write files instead: <dir>/kind/cluster.yaml and <dir>/kubernetes/<namespace>.yaml')
    .option('--show-secrets', 'print Secret data instead of redacting it')
    .option('--generate-keys', 'run the network\'s own key and genesis tools (Docker for Linera) instead of placeholders')
    .option('--no-kind-config', 'leave out the kind Cluster document (e.g. to pipe into kubectl)')
    .addHelpText(
      'after',
      examples([
        ['devnet render', 'the default Linera devnet as YAML'],
        ['devnet render -p substrate --validators 4', 'a shipped profile with 4 validators'],
        ['devnet render --no-kind-config | kubectl apply --dry-run=server -f -', 'check the objects against a cluster'],
        ['devnet render --out build/devnet', 'one file per namespace, for review'],
      ]),
    )
    .action(async (options: Options) => {
      const { runRender } = await import('../../tasks/render.js');
      await runRender({ ...profileFlags(options), output: outputOf({ ...options, output: options.output ?? 'yaml' }, io) === 'json' ? 'json' : 'yaml', out: options.out, showSecrets: options.showSecrets === true, generateKeys: options.generateKeys === true, kindConfig: options.kindConfig }, io);
    });
}
