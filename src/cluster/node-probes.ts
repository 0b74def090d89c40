/**
 * Probes run inside a kind node that tell whether a network fault took hold, and measure it: a TCP
 * connect from a pod's namespace (partition), many connects from the node (loss), a stream out of a
 * pod's namespace (bandwidth), connect times (latency). Also the one process-level fault, a kill of
 * a container's main process. Pure text; kind-node.ts runs it.
 */
import { PRELUDE, type PodName } from './node-faults.js';

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const netns = (p: PodName) => `ns=$(netns_of ${quote(p.namespace)} ${quote(p.pod)}) || { echo "no running pod ${p.namespace}/${p.pod}" >&2; exit 3; }`;

/** "open" or "closed": a TCP connect from the pod's namespace to ip:port within `seconds`. */
export function reachScript(from: PodName, ip: string, port: number, seconds: number): string {
  return `${PRELUDE}${netns(from)}
if in_pod "$ns" timeout ${seconds} bash -c ': </dev/tcp/${ip}/${port}' 2>/dev/null; then echo open; else echo closed; fi
`;
}

/**
 * "connects <ok> <tried>": TCP connects from the node to ip:port, each given 300 ms (a lost SYN or
 * SYN-ACK is only sent again after a second, so it counts as a failure), until `max` tries or 20
 * failures, whichever comes first.
 */
export function connectsScript(ip: string, port: number, max: number): string {
  return `ok=0; tried=0; failed=0
while [ "$tried" -lt ${max} ] && [ "$failed" -lt 20 ]; do
  tried=$((tried + 1))
  if timeout 0.3 bash -c ': </dev/tcp/${ip}/${port}' 2>/dev/null; then ok=$((ok + 1)); else failed=$((failed + 1)); fi
done
echo "connects $ok $tried"
`;
}

/**
 * "bytes <n> <ms>": what the pod's namespace sends for `seconds` to a listener on the node, at the
 * pod's default gateway (the node's end of its link), and the time until the listener saw all of
 * it: what the sender had buffered when it stopped still drains at the shaped rate, so it counts
 * in both.
 */
export function throughputScript(pod: PodName, seconds: number): string {
  return `${PRELUDE}${netns(pod)}
gw=$(in_pod "$ns" ip -4 route show default | awk '{ print $3; exit }')
port=$((40000 + $$ % 20000))
out=$(mktemp)
timeout ${seconds + 20} socat -u TCP-LISTEN:$port,bind=$gw,reuseaddr STDOUT > "$out" &
listener=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do ss -ltn "sport = :$port" | grep -q LISTEN && break; sleep 0.1; done
start=$(date +%s%N)
in_pod "$ns" timeout ${seconds} socat -u /dev/zero TCP:$gw:$port 2>/dev/null || true
wait $listener 2>/dev/null || true
end=$(date +%s%N)
echo "bytes $(wc -c < "$out") $(( (end - start) / 1000000 ))"
rm -f "$out"
`;
}

/** "rtt <ms> …": five TCP connect times from the node to ip:port, in milliseconds. */
export function connectTimesScript(ip: string, port: number): string {
  return `for _ in 1 2 3 4 5; do
  start=$(date +%s%N); timeout 3 bash -c ': </dev/tcp/${ip}/${port}' 2>/dev/null; end=$(date +%s%N)
  printf 'rtt %s\\n' $(( (end - start) / 1000000 ))
done
`;
}

/** Kills the main process of the pod's first running container, as an out-of-memory kill would: "killed <pid>". */
export function killProcessScript(pod: PodName): string {
  return `${PRELUDE}sid=$(crictl pods --namespace "^${pod.namespace}\\$" --name "^${pod.pod}\\$" --state ready -q | head -n 1)
[ -n "$sid" ] || { echo "no running pod ${pod.namespace}/${pod.pod}" >&2; exit 3; }
cid=$(crictl ps --pod "$sid" --state running -q | head -n 1)
[ -n "$cid" ] || { echo "no running container in ${pod.namespace}/${pod.pod}" >&2; exit 3; }
pid=$(crictl inspect -o go-template --template '{{.info.pid}}' "$cid")
kill -KILL "$pid" && echo "killed $pid"
`;
}
