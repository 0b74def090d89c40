import { InvalidArgumentError, type Command } from 'commander';
import type { FaultRequest } from '../../tasks/chaos/actions.js';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addOutputOption, addProfileOptions, durationSeconds, examples, outputOf, profileFlags, type ClusterOptionValues, type OutputOptionValues, type ProfileOptionValues } from '../options.js';

interface Options extends ProfileOptionValues, ClusterOptionValues, OutputOptionValues {
  for?: number;
  process?: boolean;
}

function percent(value: string): number {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(value);
  const n = Number(match?.[1]);
  if (match === null || !(n > 0 && n <= 100)) throw new InvalidArgumentError('expected a share of packets such as 20%');
  return n;
}

function positiveDuration(value: string): number {
  const s = durationSeconds(value);
  if (s <= 0) throw new InvalidArgumentError('expected a duration longer than 0s, such as 30s or 2m');
  return s;
}

const TARGETS = 'validator-N (all its components), validator-N/component, shared/component, a component of every validator (proxy), or a pod (validator-N/shards-0); several separated by commas';

function common(command: Command, json: string): Command {
  return addOutputOption(addClusterOptions(addProfileOptions(command, true)), json);
}

export function registerChaos(program: Command, io: Io): void {
  const chaos = program
    .command('chaos')
    .summary('stop, kill, partition or slow validators, and undo it')
    .description('Put faults into a running devnet on purpose and undo them. Each fault is confirmed before the command returns: the pods are watched going or coming back, and network faults are probed from the kind node (a fault its probe does not see is taken out and reported as failed). Network faults need a kind cluster, except partition: on an existing cluster (--context) it is made of NetworkPolicies, probed from inside a pod, and refused where the network plugin does not enforce them.')
    .addHelpText('after', examples([
      ['devnet chaos stop validator-3', 'scale a validator to 0 (its objects stay)'],
      ['devnet chaos partition validator-0 --for 30s', 'cut validator 0 off from the others for 30 seconds'],
      ['devnet chaos loss 20% validator-1', 'drop a fifth of its packets each way'],
      ['devnet chaos status', 'what is in force'],
      ['devnet chaos run -p my-devnet.yaml', "play the profile's chaos: schedule again"],
      ['devnet chaos clear', 'undo everything'],
    ]));
  const fault = async (options: Options, request: FaultRequest) => {
    const json = outputOf(options, io) === 'json';
    const { runChaosFault } = await import('../../tasks/chaos/index.js');
    await runChaosFault({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, json }, { ...request, forSeconds: options.for }, io);
  };
  const lasting = (command: Command) => command.option('--for <duration>', 'undo it after this long (the command waits); without it the fault stays until undone', positiveDuration);

  lasting(common(chaos.command('stop').argument('<target>', TARGETS), 'the fault and its confirmation as an object'))
    .summary('scale validators or components to 0; their objects stay')
    .action((target: string, options: Options) => fault(options, { action: 'stop', target }));
  common(chaos.command('start').argument('[target]', `${TARGETS} (default: everything devnet chaos stopped)`), 'what was started')
    .summary('give back the replicas devnet chaos stop took')
    .action(async (target: string | undefined, options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runChaosStart } = await import('../../tasks/chaos/index.js');
      await runChaosStart({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, json }, target, io);
    });
  common(chaos.command('kill').argument('<pod>', 'one pod, e.g. validator-0/shards-0 (or a component with one pod)'), 'the kill and its confirmation')
    .summary('delete a pod (its StatefulSet makes it again), or kill its process')
    .option('--process', 'kill the container\'s main process from the kind node instead: the kubelet restarts it in place, and logs --previous shows what it wrote')
    .action((target: string, options: Options) => fault(options, { action: 'kill', target, process: options.process }));
  lasting(common(chaos.command('partition').argument('<target>', `${TARGETS}; the group is cut off from every other validator, both ways`), 'the fault and its probe'))
    .summary('cut validators off from the others, both ways')
    .action((target: string, options: Options) => fault(options, { action: 'partition', target }));
  lasting(common(chaos.command('loss').argument('<percent>', 'share of packets dropped each way, e.g. 20%', percent).argument('<target>', TARGETS), 'the fault and what its probe measured'))
    .summary('drop a share of the packets in and out')
    .action((value: number, target: string, options: Options) => fault(options, { action: 'loss', target, percent: value }));
  lasting(common(chaos.command('bandwidth').argument('<rate>', 'the most it may send, in tc units: 1mbit, 500kbit, 2mbps').argument('<target>', TARGETS), 'the fault and what its probe measured'))
    .summary('limit what the target sends')
    .action((value: string, target: string, options: Options) => fault(options, { action: 'bandwidth', target, rate: value }));
  lasting(common(chaos.command('latency').argument('<delay>', 'delay added to every packet sent, e.g. 100ms').argument('<target>', TARGETS), 'the fault and what its probe measured'))
    .summary('delay what the target sends (needs sch_netem in the kernel)')
    .action((value: string, target: string, options: Options) => fault(options, { action: 'latency', target, delay: value }));
  common(chaos.command('run'), 'NDJSON: one event per fault applied or undone, then an end event')
    .summary("play the profile's chaos: schedule against the running devnet")
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runChaosRun } = await import('../../tasks/chaos/index.js');
      await runChaosRun({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, json }, io);
    });
  common(chaos.command('status'), 'the faults in force and the rules read back from the node')
    .summary('list the faults in force, and the rules in the node')
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runChaosStatus } = await import('../../tasks/chaos/index.js');
      await runChaosStatus({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, json }, io);
    });
  common(chaos.command('clear'), 'what was undone')
    .summary('undo every fault, and check in the node that no rule is left')
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runChaosClear } = await import('../../tasks/chaos/index.js');
      await runChaosClear({ ...profileFlags(options), context: options.context, kubeconfig: options.kubeconfig, json }, io);
    });
}
