/**
 * What a failed `kind create cluster` said, reduced to what a user can act on. kind prints its
 * error as `ERROR: failed to create cluster: <action>: command "<docker exec …>" failed with
 * error: exit status 1`, then `Command Output:` and everything the command printed
 * (sigs.k8s.io/kind v0.33.0 cmd/kind/app/main.go logError, pkg/exec/types.go RunError.Error,
 * pkg/cluster/internal/create/actions/kubeadminit/init.go "failed to init node with kubeadm").
 * For kubeadm that output ends with `error: error execution phase <phase>: <cause>` and, at kind's
 * --v=6, a Go stack trace (k8s.io/kubernetes v1.37.0 cmd/kubeadm/app/cmd/phases/workflow/runner.go:262,
 * cmd/kubeadm/app/util/errors/errors.go handleError), which is of no use to a devnet user.
 */

export interface KindCreateFailure {
  /** kind's own error, without the command it ran: "failed to create cluster: failed to init node with kubeadm". */
  error: string;
  /** The node container the failing command ran in, when kind names it (the node kept by --retain). */
  node: string | undefined;
  /** kubeadm's `error execution phase …` line. */
  phase: string | undefined;
  /** What the output says about the kubelet: the health check's verdict, the kubelet's own error. */
  kubelet: string[];
}

// kind colours "ERROR" when stderr is a terminal (main.go logError); devnet reads it from a pipe, but a wrapper may not.
const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export function parseCreateFailure(output: string): KindCreateFailure {
  const lines = output.replace(COLOUR, '').split('\n').map((line) => line.trimEnd());
  const errorLine = lines.find((line) => line.startsWith('ERROR: '))?.slice('ERROR: '.length) ?? lines.filter((l) => l.trim() !== '').at(-1) ?? 'kind create cluster failed';
  const commandAt = errorLine.indexOf(': command "');
  const error = commandAt < 0 ? errorLine : errorLine.slice(0, commandAt);
  const command = commandAt < 0 ? undefined : /^: command "([^"]*)"/.exec(errorLine.slice(commandAt))?.[1];
  const phaseLine = lines.find((line) => line.includes('error execution phase '));
  return {
    error,
    node: command === undefined ? undefined : nodeOf(command),
    phase: phaseLine === undefined ? undefined : phaseLine.slice(phaseLine.indexOf('error execution phase ')).trim(),
    kubelet: lines.filter((line) => KUBELET.some((re) => re.test(line))).map((line) => line.trim()).slice(-3),
  };
}

/**
 * Lines that say why the kubelet is not serving: kubeadm's health-check verdict
 * (k8s.io/kubernetes v1.37.0 cmd/kubeadm/app/util/apiclient/wait.go:408), and the kubelet's own
 * refusals when the output carries its log (cmd/kubelet/app/server.go:266 for an invalid
 * configuration such as cgroup v1, pkg/kubelet/apis/config/validation/validation_linux.go:36).
 */
const KUBELET = [/\[kubelet-check\] The kubelet is not healthy/, /failed to validate kubelet configuration/, /kubelet is configured to not run on a host using cgroup v1/];

/** The container of `docker exec [--privileged] [-i] [-e VAR]… NODE command…` (kind pkg/cluster/internal/providers/docker/node.go nodeCmd.Run). */
function nodeOf(command: string): string | undefined {
  const words = command.split(/\s+/);
  if (words[0] !== 'docker' || words[1] !== 'exec') return undefined;
  for (let i = 2; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '-e') i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}
