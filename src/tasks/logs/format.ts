/**
 * How `devnet logs` prints: stern-like lines with the pod in its own colour (the dashboard's, keyed
 * by `namespace/name`), markers for pods coming and going, or NDJSON with --json.
 */
import type { Theme } from '../../output/theme.js';
import type { LogLine } from '../../tui/model.js';
import type { FollowerEvent, MatchedPod } from './types.js';

export interface FormatOptions {
  devnet: string;
  json: boolean;
  timestamps: boolean;
  theme: Theme;
}

/** `val-1/shards-0`: the namespace without the devnet's name, which every pod shares. */
export function podLabel(devnet: string, namespace: string, pod: string): string {
  const prefix = `${devnet}-`;
  return `${namespace.startsWith(prefix) ? namespace.slice(prefix.length) : namespace}/${pod}`;
}

function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export class LogFormatter {
  /** Widest `pod container` prefix so far: columns line up as far as the output has seen. */
  private width = 0;

  constructor(private readonly options: FormatOptions) {}

  /** Makes room for these pods' prefixes, so columns line up from the first line. */
  widen(pods: readonly MatchedPod[]): void {
    for (const { ref, containers } of pods) {
      for (const container of containers) this.width = Math.max(this.width, `${podLabel(this.options.devnet, ref.namespace, ref.name)} ${container}`.length);
    }
  }

  line(line: LogLine): string {
    const { namespace } = splitKey(line.pod);
    if (this.options.json) {
      return `${JSON.stringify({ time: line.time ?? null, namespace, pod: line.podName, container: line.container, text: line.text, previous: line.previous })}\n`;
    }
    const t = this.options.theme;
    const label = podLabel(this.options.devnet, namespace, line.podName);
    const plain = `${label} ${line.container}`;
    this.width = Math.max(this.width, plain.length);
    const time = this.options.timestamps ? `${t.dim(line.time ?? '-')} ` : '';
    return `${time}${t.keyed(line.pod, label)} ${t.dim(line.container)}${' '.repeat(this.width - plain.length)} ${t.dim('│')} ${line.text}\n`;
  }

  event(event: FollowerEvent): string {
    if (this.options.json) {
      const { kind, pod: _key, namespace, podName, ...rest } = event;
      return `${JSON.stringify({ event: kind, namespace, pod: podName, ...rest })}\n`;
    }
    const t = this.options.theme;
    const pod = t.keyed(event.pod, podLabel(this.options.devnet, event.namespace, event.podName));
    switch (event.kind) {
      case 'pod-added':
        return `${t.ok('+')} ${pod}\n`;
      case 'pod-removed':
        return `${t.error('-')} ${pod}\n`;
      case 'container-restarted':
        return `${t.warning('↻')} ${pod} ${event.container} restarted${restartDetails(event)}\n`;
      case 'reconnecting':
        return `${t.warning('!')} ${pod} ${event.container}: ${event.reason}; reconnecting\n`;
    }
  }

  dropped(count: number): string {
    if (this.options.json) return `${JSON.stringify({ event: 'dropped', count })}\n`;
    return `${this.options.theme.warning(`… ${count} line${count === 1 ? '' : 's'} dropped (output could not keep up)`)}\n`;
  }
}

/** "(exit 137, OOMKilled)": the exit code, and the reason when it says more than "Error". */
function restartDetails(event: { exitCode?: number; reason?: string }): string {
  const parts = [
    ...(event.exitCode === undefined ? [] : [`exit ${event.exitCode}`]),
    ...(event.reason === undefined || event.reason === 'Error' ? [] : [event.reason]),
  ];
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
