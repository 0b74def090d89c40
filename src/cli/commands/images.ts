import { Option, type Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addProfileOptions, choice, examples, profileFlags, type ClusterOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface ListOptions extends ProfileOptionValues, ClusterOptionValues {
  output: 'text' | 'json';
  json?: boolean;
  manifestsDir?: string;
}

interface SaveOptions extends ProfileOptionValues {
  output?: string;
  nodeImage: boolean;
  manifestsDir?: string;
}

export function registerImages(program: Command, io: Io): void {
  const images = program
    .command('images')
    .summary(summaryOf('images'))
    .description('Every image the profile\'s up runs (its workloads, init containers and Jobs, the images in the pinned prerequisite manifests, the kind node image): the reference, whether it is pinned by digest, its size when known, and where it is now (node, cache, docker, or missing).');
  const list = images.command('list', { isDefault: true }).summary('the default: every image, pinned or not, its size and where it is');
  addClusterOptions(addProfileOptions(list))
    .addOption(new Option('-o, --output <format>', 'text, or json: {devnet, images: [{image, registry, repository, tag, digest, pinned, role, local, usedBy, bytes, where}], notes}').argParser(choice(['text', 'json'] as const)).default('text'))
    .addOption(new Option('--json', 'the same as -o json').hideHelp())
    .option('--manifests-dir <dir>', 'read the prerequisite manifests from here instead of downloading them')
    .addHelpText('after', examples([
      ['devnet images -p linera-light', 'what up will run, and what is still missing'],
      ['devnet images -p linera -o json', 'for scripts'],
    ]))
    .action(async (options: ListOptions) => {
      const { runImages } = await import('../../tasks/images/index.js');
      await runImages({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, output: options.json === true ? 'json' : options.output, manifestsDir: options.manifestsDir }, io);
    });
  const save = images.command('save').summary('write every image of the devnet into one archive (docker save)');
  addProfileOptions(save)
    .requiredOption('-o, --output <file.tar>', 'the archive to write')
    .option('--no-node-image', 'leave out the kind node image (when the other machine has it)')
    .option('--manifests-dir <dir>', 'read the prerequisite manifests from here instead of downloading them')
    .addHelpText('after', examples([['devnet images save -p linera-light -o linera-light.tar', 'on a machine with a network, or one whose caches hold the images']]))
    .action(async (options: SaveOptions) => {
      const { runImagesSave } = await import('../../tasks/images/archive.js');
      await runImagesSave({ ...profileFlags(options), file: options.output ?? '', nodeImage: options.nodeImage, manifestsDir: options.manifestsDir }, io);
    });
  images
    .command('load')
    .summary('load an archive of devnet images save into this machine\'s Docker')
    .argument('<file.tar>', 'the archive devnet images save wrote')
    .addHelpText('after', examples([['devnet images load linera-light.tar && devnet up -p linera-light --offline', 'on the machine without a network']]))
    .action(async (file: string) => {
      const { runImagesLoad } = await import('../../tasks/images/archive.js');
      await runImagesLoad({ file }, io);
    });
}
