/**
 * Which pods and containers a log view covers, and how that becomes a pods query: every field is
 * a label or field selector, so the API server does the filtering and the watch only carries the
 * pods that matter.
 */
import { LABEL, SHARED } from '../../render/labels.js';
import type { LogSelection } from '../../tui/model.js';

export interface LogScope {
  /** One validator's pods; null for the shared namespace; absent for all of them. */
  validator?: number | null;
  component?: string;
  /** A pod name, in every namespace of the devnet that has one (or only in `namespace`). */
  pod?: string;
  namespace?: string;
  /** Only this container of each pod; all containers (init containers first) when absent. */
  container?: string;
}

export interface PodQuery {
  namespace: string | undefined;
  labelSelector: string;
  fieldSelector: string | undefined;
}

export function podQuery(devnet: string, scope: LogScope): PodQuery {
  const labels = [`${LABEL.instance}=${devnet}`];
  if (scope.validator !== undefined) labels.push(`${LABEL.validator}=${scope.validator === null ? SHARED : scope.validator}`);
  if (scope.component !== undefined) labels.push(`${LABEL.component}=${scope.component}`);
  return {
    namespace: scope.namespace,
    labelSelector: labels.join(','),
    fieldSelector: scope.pod === undefined ? undefined : `metadata.name=${scope.pod}`,
  };
}

/** What the dashboard selected, as a scope. A pod is selected by its key, `namespace/name`. */
export function scopeOfSelection(selection: LogSelection): LogScope {
  switch (selection.kind) {
    case 'all':
      return {};
    case 'validator':
      return { validator: selection.index };
    case 'component':
      return { validator: selection.validator, component: selection.component };
    case 'pod': {
      const slash = selection.pod.indexOf('/');
      return slash < 0 ? { pod: selection.pod } : { namespace: selection.pod.slice(0, slash), pod: selection.pod.slice(slash + 1) };
    }
  }
}

/** The scope in words, for messages: "shards of validator-1", "the whole devnet". */
export function describeScope(scope: LogScope): string {
  const where = scope.namespace ?? (scope.validator === undefined ? undefined : scope.validator === null ? 'shared' : `validator-${scope.validator}`);
  const what = scope.pod ?? scope.component;
  const base = what === undefined ? (where ?? 'the whole devnet') : where === undefined ? what : `${what} of ${where}`;
  return scope.container === undefined ? base : `container ${scope.container} of ${base}`;
}
