/**
 * Follow-up commands printed in hints, summaries and `look:` lines, carrying the flags that chose
 * the devnet and its cluster, so each runs as printed: `devnet logs -f -p substrate --context ci`,
 * not a `devnet logs -f` that reads the default devnet or another cluster.
 */

/** What the user gave to choose the devnet (profile flags) and where it runs (cluster flags). */
export interface Selection {
  profile: string;
  set: readonly string[];
  validators?: number | undefined;
  seed?: string | undefined;
  context?: string | undefined;
  kubeconfig?: string | undefined;
}

/** How kubectl reaches the devnet's cluster: devnet's own kubeconfig for kind, the user's context otherwise. */
export interface KubectlTarget {
  provider: 'kind' | 'existing';
  kubeconfig: string;
  context: string | undefined;
}

export interface CommandLines {
  /** `devnet COMMAND` for the same devnet and cluster, e.g. devnet('logs -f'). */
  devnet(command: string): string;
  /**
   * `devnet up …` that continues this devnet: it also carries --seed, because another seed (or
   * none) is another network. Hints for other commands leave the seed out: it only shapes keys.
   */
  up(extra?: string): string;
  /**
   * `devnet COMMAND` for a command that reads the profile but no cluster (doctor): the profile
   * flags only, as it takes no --context or --kubeconfig.
   */
  profileOnly(command: string): string;
  /** `kubectl …` against the devnet's cluster, when devnet knows where that is. */
  kubectl(command: string): string;
}

/** The profile devnet reads when none is given. */
export const DEFAULT_PROFILE = 'linera';

export function commandLines(selection: Selection, target?: KubectlTarget): CommandLines {
  const choose = [
    ...(selection.profile === DEFAULT_PROFILE ? [] : ['-p', selection.profile]),
    ...selection.set.flatMap((s) => ['--set', s]),
    ...(selection.validators === undefined ? [] : ['--validators', String(selection.validators)]),
  ];
  const where = [...(selection.context === undefined ? [] : ['--context', selection.context]), ...(selection.kubeconfig === undefined ? [] : ['--kubeconfig', selection.kubeconfig])];
  const line = (head: string, command: string, args: string[]) => [head, command, ...args.map(shellQuote)].filter((part) => part !== '').join(' ');
  return {
    devnet: (command) => line('devnet', command, [...choose, ...where]),
    profileOnly: (command) => line('devnet', command, choose),
    up: (extra = '') => line('devnet', `up${extra === '' ? '' : ` ${extra}`}`, [...choose, ...(selection.seed === undefined ? [] : ['--seed', selection.seed]), ...where]),
    // Its flags go first: the command may go on into a pipe.
    kubectl: (command) => ['kubectl', ...kubectlArgs(selection, target).map(shellQuote), command].join(' '),
  };
}

function kubectlArgs(selection: Selection, target: KubectlTarget | undefined): string[] {
  if (target?.provider === 'kind') return ['--kubeconfig', target.kubeconfig];
  const context = selection.context ?? target?.context;
  return [...(context === undefined ? [] : ['--context', context]), ...(selection.kubeconfig === undefined ? [] : ['--kubeconfig', selection.kubeconfig])];
}

/** A word as a POSIX shell reads it back: bare when it is safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
