import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addOutputOption, addProfileOptions, examples, outputOf, profileFlags, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

export function registerDoctor(program: Command, io: Io): void {
  const command = program
    .command('doctor')
    .summary(summaryOf('doctor'))
    .description('Docker reachable, the images built on this machine (devnet.local/…) present, kind and its version, CPU and memory for the profile, free host ports, inotify limits, fs.aio-max-nr for ScyllaDB.');
  addOutputOption(addProfileOptions(command), 'the checks as an object')
    .addHelpText('after', examples([['devnet doctor', 'before the first devnet up'], ['devnet doctor -p linera-production', 'for a bigger profile'], ['devnet doctor -p linera-light', 'says how to build the storage server image when Docker lacks it']]))
    .action(async (options: ProfileOptionValues & OutputOptionValues) => {
      const json = outputOf(options, io) === 'json';
      const { runDoctor } = await import('../../tasks/doctor.js');
      await runDoctor({ ...profileFlags(options), json }, io);
    });
}
