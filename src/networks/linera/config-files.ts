/**
 * The TOML files Linera reads: the validator options given to `linera-server generate` (what
 * each validator advertises and how its proxies and shards are addressed inside the cluster) and
 * the block exporter's per-replica config.
 */
import { stringify } from 'smol-toml';
import type { LineraProfile } from '../../config/schema.js';
import { range } from '../common.js';
import { podHost, validatorNamespace } from '../naming.js';
import { advertisedPort } from './ports.js';

export const COMPONENTS = { shards: 'shards', proxy: 'proxy', proxyInternal: 'proxy-internal', exporter: 'block-exporter' } as const;

export function validatorOptionsToml(profile: LineraProfile, v: number): string {
  const { linera } = profile;
  const ns = validatorNamespace(profile.name, v);
  const options = {
    server_config_path: `server_${v}.json`,
    host: linera.exposure.host,
    port: advertisedPort(profile, v),
    external_protocol: { Grpc: 'ClearText' },
    internal_protocol: { Grpc: 'ClearText' },
    proxies: range(linera.proxies.replicas).map((i) => ({
      host: podHost(COMPONENTS.proxy, i, COMPONENTS.proxyInternal, ns),
      public_port: linera.ports.proxyPublic,
      private_port: linera.ports.proxyPrivate,
      metrics_port: linera.ports.metrics,
    })),
    shards: range(linera.shards.replicas).map((i) => ({
      host: podHost(COMPONENTS.shards, i, COMPONENTS.shards, ns),
      port: linera.ports.shard,
      metrics_port: linera.ports.metrics,
    })),
    ...(linera.blockExporter.enabled
      ? {
          block_exporters: range(linera.blockExporter.replicas).map((i) => ({
            host: podHost(COMPONENTS.exporter, i, COMPONENTS.exporter, ns),
            port: linera.blockExporter.ports.grpc,
          })),
        }
      : {}),
  };
  return stringify(options);
}

export function exporterToml(profile: LineraProfile, id: number): string {
  const exporter = profile.linera.blockExporter;
  return stringify({
    id,
    metrics_port: exporter.ports.metrics,
    service_config: { host: '0.0.0.0', port: exporter.ports.grpc },
    destination_config: {
      committee_destination: exporter.committeeDestination,
      destinations: exporter.destinations.map((d) => ({ kind: d.kind, endpoint: d.endpoint, port: d.port, tls: d.tls })),
    },
    limits: { persistence_period_ms: 5000, work_queue_size: 256 },
  });
}
