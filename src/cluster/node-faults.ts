/**
 * Shell scripts run inside a kind node (kind-node.ts sends them) that put network faults into a
 * pod's network namespace and take them out again. Pods and images are never changed: the rules
 * live in the namespace the kubelet made for the pod, found with crictl, and vanish with it.
 *
 * The node carries what they use: crictl, nsenter, iptables, tc (iproute2), ss, socat, bash and
 * timeout (kind v0.33.0 images/base/Dockerfile installs iptables, iproute2, socat, conntrack and
 * util-linux beside crictl). Each fault is one iptables chain DEVNET-CHAOS-<id> jumped to from
 * INPUT and OUTPUT, or one root qdisc with handle dc:, so removing it removes exactly that.
 */

export interface PodName {
  namespace: string;
  pod: string;
}

export type NetRule =
  /** Every packet to or from these addresses (pods of the other side, and its Service addresses) is dropped. */
  | { kind: 'partition'; peers: string[] }
  /** Each packet in and out is dropped with this probability (iptables' statistic match). */
  | { kind: 'loss'; probability: number }
  /** What the pod sends is shaped to this rate (tc tbf). */
  | { kind: 'bandwidth'; rate: string }
  /** What the pod sends is delayed (tc netem). */
  | { kind: 'latency'; delay: string };

export const CHAIN_PREFIX = 'DEVNET-CHAOS-';
/** The root qdisc devnet adds; its handle tells it from anyone else's. */
export const QDISC_HANDLE = 'dc:';

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Shell functions every script starts with. */
export const PRELUDE = `set -u
# The network namespace of a running pod, from its sandbox (crictl filters are regular expressions).
netns_of() {
  id=$(crictl pods --namespace "^$1\\$" --name "^$2\\$" --state ready -q 2>/dev/null | head -n 1)
  [ -n "$id" ] || return 1
  crictl inspectp -o go-template --template '{{range .info.runtimeSpec.linux.namespaces}}{{if eq .type "network"}}{{.path}}{{end}}{{end}}' "$id"
}
in_pod() { ns=$1; shift; nsenter --net="$ns" "$@"; }
drop_chain() { # netns chain
  in_pod "$1" iptables -w -D INPUT -j "$2" 2>/dev/null
  in_pod "$1" iptables -w -D OUTPUT -j "$2" 2>/dev/null
  in_pod "$1" iptables -w -F "$2" 2>/dev/null
  in_pod "$1" iptables -w -X "$2" 2>/dev/null
  return 0
}
drop_qdisc() { # netns
  if in_pod "$1" tc qdisc show dev eth0 | grep -q "^qdisc [a-z]* ${QDISC_HANDLE} root"; then in_pod "$1" tc qdisc del dev eth0 root; fi
  return 0
}
`;

/**
 * Whether the kernel has sch_netem, asked on the pod's loopback (never its eth0, which may carry a
 * bandwidth fault): modprobe first, as the qdisc may be a module not loaded yet. Without it the
 * script stops with tc's and modprobe's own words (exit 5).
 */
const NETEM_PROBE = `if ! out=$(in_pod "$ns" tc qdisc add dev lo root handle ${QDISC_HANDLE} netem delay 1ms 2>&1); then
  loaded=$(modprobe sch_netem 2>&1) || true
  if ! out=$(in_pod "$ns" tc qdisc add dev lo root handle ${QDISC_HANDLE} netem delay 1ms 2>&1); then
    echo "tc qdisc add … netem: $out; modprobe sch_netem: \${loaded:-not found} (kernel $(uname -r))" >&2; exit 5
  fi
fi
in_pod "$ns" tc qdisc del dev lo root 2>/dev/null || true`;

function chainLines(chain: string, rule: NetRule): string[] {
  const add = (args: string) => `in_pod "$ns" iptables -w -A ${chain} ${args}`;
  if (rule.kind === 'partition') return rule.peers.flatMap((ip) => [add(`-s ${ip} -j DROP`), add(`-d ${ip} -j DROP`)]);
  if (rule.kind === 'loss') return [add(`-m statistic --mode random --probability ${rule.probability.toFixed(4)} -j DROP`)];
  return [];
}

/**
 * Applies each pod's rule under fault `id`, printing "applied <ns>/<pod> <netns>" per pod.
 * A partition also closes the sockets already open to the other side (ss -K; the kernel's
 * SOCK_DESTROY), so connections made before it do not carry on. A qdisc the kernel does not have
 * fails with tc's own message, and the script stops there (exit 4).
 */
export function applyScript(id: string, entries: readonly { pod: PodName; rule: NetRule }[]): string {
  const chain = `${CHAIN_PREFIX}${id}`;
  const perPod = entries.map(({ pod: p, rule }) => {
    const body = rule.kind === 'partition' || rule.kind === 'loss'
      ? [
          `in_pod "$ns" iptables -w -N ${chain}`,
          ...chainLines(chain, rule),
          `in_pod "$ns" iptables -w -I INPUT 1 -j ${chain}`,
          `in_pod "$ns" iptables -w -I OUTPUT 1 -j ${chain}`,
          ...(rule.kind === 'partition' ? rule.peers.map((ip) => `in_pod "$ns" ss -K dst ${ip} >/dev/null 2>&1 || true`) : []),
        ]
      : [
          ...(rule.kind === 'latency' ? [NETEM_PROBE] : []),
          `if ! out=$(in_pod "$ns" tc qdisc add dev eth0 root handle ${QDISC_HANDLE} ${rule.kind === 'bandwidth' ? `tbf rate ${rule.rate} burst 32kbit latency 400ms` : `netem delay ${rule.delay}`} 2>&1); then echo "tc: $out" >&2; exit 4; fi`,
        ];
    return [
      `ns=$(netns_of ${quote(p.namespace)} ${quote(p.pod)}) || { echo "no running pod ${p.namespace}/${p.pod}" >&2; exit 3; }`,
      ...body,
      `echo "applied ${p.namespace}/${p.pod} $ns"`,
    ].join('\n');
  });
  return `${PRELUDE}set -e\n${perPod.join('\n')}\n`;
}

/** Removes fault `id` from each pod that still runs; a pod that is gone took its rules with it. */
export function removeScript(id: string, pods: readonly PodName[], kind: NetRule['kind']): string {
  const chain = `${CHAIN_PREFIX}${id}`;
  const perPod = pods.map((p) => {
    const undo = kind === 'partition' || kind === 'loss' ? `drop_chain "$ns" ${chain}` : 'drop_qdisc "$ns"';
    return `if ns=$(netns_of ${quote(p.namespace)} ${quote(p.pod)}); then ${undo}; echo "removed ${p.namespace}/${p.pod}"; else echo "gone ${p.namespace}/${p.pod}"; fi`;
  });
  return `${PRELUDE}${perPod.join('\n')}\n`;
}

/** Every pod sandbox of the devnet with its network namespace: "<ns>/<pod> <netns>" lines. */
const SANDBOXES = (devnet: string) => `for id in $(crictl pods --label app.kubernetes.io/instance=${quote(devnet)} --state ready -q); do
  crictl inspectp -o go-template --template '{{.status.metadata.namespace}}/{{.status.metadata.name}} {{range .info.runtimeSpec.linux.namespaces}}{{if eq .type "network"}}{{.path}}{{end}}{{end}}' "$id"
done`;

/**
 * What devnet's faults left in each pod of the devnet, read from the namespaces themselves:
 * "chain <ns>/<pod> <chain>" and "qdisc <ns>/<pod> <qdisc kind>" lines.
 */
export function inspectScript(devnet: string): string {
  return `${PRELUDE}${SANDBOXES(devnet)} | while read -r name ns; do
  [ -n "$ns" ] || continue
  for chain in $(in_pod "$ns" iptables -w -S 2>/dev/null | sed -n 's/^-N \\(${CHAIN_PREFIX}[A-Za-z0-9]*\\)$/\\1/p'); do echo "chain $name $chain"; done
  in_pod "$ns" tc qdisc show dev eth0 2>/dev/null | awk -v name="$name" '$3 == "${QDISC_HANDLE}" && $4 == "root" { print "qdisc", name, $2 }'
done
`;
}

/** Removes every chain and qdisc of devnet's faults from every pod of the devnet: "cleared <ns>/<pod> <n>" lines. */
export function clearScript(devnet: string): string {
  return `${PRELUDE}${SANDBOXES(devnet)} | while read -r name ns; do
  [ -n "$ns" ] || continue
  n=0
  for chain in $(in_pod "$ns" iptables -w -S 2>/dev/null | sed -n 's/^-N \\(${CHAIN_PREFIX}[A-Za-z0-9]*\\)$/\\1/p'); do drop_chain "$ns" "$chain"; n=$((n + 1)); done
  if in_pod "$ns" tc qdisc show dev eth0 2>/dev/null | grep -q "^qdisc [a-z]* ${QDISC_HANDLE} root"; then drop_qdisc "$ns"; n=$((n + 1)); fi
  [ "$n" -eq 0 ] || echo "cleared $name $n"
done
`;
}
