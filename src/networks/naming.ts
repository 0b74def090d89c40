/** Names shared by every network kind, so status, logs and teardown can find what up created. */

export function validatorNamespace(devnet: string, validator: number): string {
  return `${devnet}-val-${validator}`;
}

/** Namespace for what validators share (a shared ScyllaCluster, a bootstrap node). */
export function sharedNamespace(devnet: string): string {
  return `${devnet}-shared`;
}

export function validatorName(validator: number): string {
  return `validator-${validator}`;
}

export function podName(component: string, ordinal: number): string {
  return `${component}-${ordinal}`;
}

/** In-cluster DNS name of a StatefulSet pod behind its headless Service. */
export function podHost(component: string, ordinal: number, headless: string, namespace: string): string {
  return `${podName(component, ordinal)}.${headless}.${namespace}.svc.cluster.local`;
}

export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

/** ConfigMap holding one rendered command line per replica of a component. */
export function commandsConfigMap(component: string): string {
  return `${component}-commands`;
}

export function commandFile(ordinal: number): string {
  return `replica-${ordinal}.sh`;
}
