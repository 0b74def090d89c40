/**
 * Labels on every object devnet creates (app.kubernetes.io conventions), so status, logs and
 * teardown select by label instead of by name.
 */

export const LABEL = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  validator: 'devnet/validator',
} as const;

export const MANAGED_BY = 'devnet';
export const SHARED = 'shared';

export interface LabelScope {
  devnet: string;
  network: string;
  validator: number | null;
  component?: string;
}

export function labels(scope: LabelScope): Record<string, string> {
  return {
    [LABEL.name]: scope.network,
    [LABEL.instance]: scope.devnet,
    ...(scope.component === undefined ? {} : { [LABEL.component]: scope.component }),
    [LABEL.partOf]: 'devnet',
    [LABEL.managedBy]: MANAGED_BY,
    [LABEL.validator]: scope.validator === null ? SHARED : String(scope.validator),
  };
}

/** Pods of one component; kept minimal because a StatefulSet's selector can never change. */
export function selector(devnet: string, component: string): Record<string, string> {
  return { [LABEL.instance]: devnet, [LABEL.component]: component };
}

/** A label selector string that finds everything of one devnet, e.g. for kubectl -l. */
export function devnetSelector(devnet: string): string {
  return `${LABEL.managedBy}=${MANAGED_BY},${LABEL.instance}=${devnet}`;
}

export const ANNOTATION = {
  commandHash: 'devnet/command-hash',
  placeholder: 'devnet/placeholder-keys',
} as const;
