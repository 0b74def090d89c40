import type { LineraProfile } from './profile-schema.js';
import type { HostExposure } from '../topology.js';

/** Port clients use on the host for validator v; it is what the committee advertises. */
export function advertisedPort(profile: LineraProfile, v: number): number {
  return profile.linera.exposure.hostPortBase + v;
}

/** Only the proxy is reachable from outside: one NodePort per validator, load-balanced across proxies. */
export function proxyExposure(profile: LineraProfile, v: number): HostExposure {
  return {
    portName: 'grpc',
    protocol: 'TCP',
    nodePort: profile.linera.exposure.nodePortBase + v,
    hostPort: advertisedPort(profile, v),
  };
}
