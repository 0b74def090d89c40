import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addOutputOption, addProfileOptions, examples, outputOf, profileFlags, type OutputOptionValues, type ProfileOptionValues } from '../options.js';

export function registerDoctor(program: Command, io: Io): void {
  const command = program
    .command('doctor')
    .summary('check that this machine can run the devnet, with the fix for each problem')
    .description('Docker reachable, kind and its version, CPU and memory for the profile, free host ports, inotify limits, fs.aio-max-nr for ScyllaDB.');
  addOutputOption(addProfileOptions(command), 'the checks as an object')
    .addHelpText('after', examples([['devnet doctor', 'before the first devnet up'], ['devnet doctor -p linera-production', 'for a bigger profile']]))
    .action(async (options: ProfileOptionValues & OutputOptionValues) => {
      const json = outputOf(options, io) === 'json';
      const { runDoctor } = await import('../../tasks/doctor.js');
      await runDoctor({ ...profileFlags(options), json }, io);
    });
}
