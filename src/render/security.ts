/**
 * What a devnet pod gives up, found missing by kube-score and checkov: the API token (no devnet
 * pod calls the Kubernetes API), privilege escalation, every capability but the one to bind a
 * port below 1024 when a port is that low, syscalls outside the runtime's default seccomp
 * profile, and root where the image has a user of its own. Together they meet the Pod Security
 * "restricted" standard for images that run as non-root, and "baseline" for the others.
 */
import type { ComponentPlan } from '../networks/topology.js';

/** Fields of the pod spec. */
export function podSecurity(component: ComponentPlan): Record<string, unknown> {
  const user = component.runAs;
  return {
    automountServiceAccountToken: false,
    securityContext: {
      seccompProfile: { type: 'RuntimeDefault' },
      ...(user === undefined ? {} : { runAsNonRoot: true, runAsUser: user.user, runAsGroup: user.group }),
      ...(component.fsGroup === undefined ? {} : { fsGroup: component.fsGroup }),
    },
  };
}

/** The securityContext of each of the component's containers (they share its image). */
export function containerSecurity(component: ComponentPlan): Record<string, unknown> {
  const lowPort = component.ports.some((p) => p.port < 1024);
  return { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], ...(lowPort ? { add: ['NET_BIND_SERVICE'] } : {}) } };
}
