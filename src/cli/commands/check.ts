import type { Command } from 'commander';
import type { Io } from '../../system/io.js';
import { addClusterOptions, addOutputOption, addProfileOptions, collect, examples, outputOf, profileFlags, type ClusterOptionValues, type OutputOptionValues, type ProfileOptionValues } from '../options.js';
import { summaryOf } from '../catalogue.js';

interface Options extends ProfileOptionValues, ClusterOptionValues, OutputOptionValues {
  log?: string[];
  metric?: string[];
  http?: string[];
  grpc?: string[];
  health?: string | boolean;
  within?: string;
  builtin: boolean;
  declared: boolean;
  junit?: string;
  bundleOnFailure?: string;
  scenario?: string;
}

export function registerCheck(program: Command, io: Io): void {
  const command = program
    .command('check')
    .summary(summaryOf('check'))
    .description(
      'Run assertions against the running devnet, all at once, each reported with what it measured: the network\'s built-in checks ' +
        '(Linera: each validator answers the client with its genesis key, a transfer reaches every validator; substrate: blocks authored and finalised, peers; ' +
        'Codex: routing tables, a file between two nodes), the profile\'s checks.assertions, ' +
        'and those given here. Exit 0 only when every assertion passed; a failure says what was expected, what was seen and where to look.',
    );
  addOutputOption(addClusterOptions(addProfileOptions(command, true)), 'NDJSON, one event per assertion, then a summary and an end event')
    .option('--log <[validator-N/]component:regex>', 'a line matching the regex appears in the component\'s log (repeatable)', collect)
    .option('--metric <[validator-N/]component:name{label="v"} OP number>', 'a Prometheus metric of every replica compared with a number; OP is >= > <= < == != (repeatable)', collect)
    .option('--http <url|[validator-N/]component:port/path>', 'GET answers 200 (or the status after #, e.g. #204); component ports are reached through the Kubernetes API (repeatable)', collect)
    .option('--grpc <host:port[/service]|[validator-N/]component>', 'grpc.health.v1 answers SERVING, on an address or on the component\'s host ports (repeatable)', collect)
    .option('--health [component]', 'every replica shows its health keyword (log health), of one component or of every component with a health rule')
    .option('--within <duration>', 'how long each assertion given here may take to pass, e.g. 30s, 2m (default: 60s for --log and --metric, 30s for --http and --grpc)')
    .option('--no-builtin', 'skip the network\'s built-in checks')
    .option('--no-declared', 'skip the profile\'s checks.assertions')
    .option('--scenario <file|name>', 'run a fault scenario instead: faults and assertions in order (shipped: linera-quorum, substrate-finality, codex-restart); the faults are undone at its end')
    .option('--junit <file>', 'also write the results as JUnit XML, for the CI system to display')
    .option('--bundle-on-failure <file.tar.gz>', 'when an assertion fails, write the debugging bundle (devnet bundle) to this file')
    .addHelpText('after', examples([
      ['devnet check', 'the default Linera devnet: its built-in checks, with the wallet up handed over'],
      ['devnet check -p substrate', 'the built-in checks and the profile\'s assertions'],
      ['devnet check -p substrate --log \'node:Imported #[0-9]+\' --metric \'node:substrate_block_height{status="finalized"} >= 2\'', 'assertions of your own'],
      ['devnet check -p codex --http codex:api/api/codex/v1/debug/info', 'an HTTP endpoint of every replica'],
      ['devnet check --no-builtin --grpc localhost:19100', 'a gRPC health check from this machine'],
      ['devnet check --junit report.xml --bundle-on-failure devnet.tar.gz', 'in CI'],
      ['devnet check -p linera-light --validators 4 --scenario linera-quorum', 'stop one validator, then two, then none, and see transfers follow'],
    ]))
    .action(async (options: Options) => {
      const json = outputOf(options, io) === 'json';
      const { runCheck } = await import('../../tasks/check/index.js');
      await runCheck(
        {
          ...profileFlags(options),
          context: options.context,
          kubeconfig: options.kubeconfig,
          log: options.log ?? [],
          metric: options.metric ?? [],
          http: options.http ?? [],
          grpc: options.grpc ?? [],
          health: options.health,
          within: options.within,
          builtin: options.builtin,
          declared: options.declared,
          json,
          junit: options.junit,
          bundleOnFailure: options.bundleOnFailure,
          scenario: options.scenario,
        },
        io,
      );
    });
}
