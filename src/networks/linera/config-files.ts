/**
 * The TOML files Linera reads: the validator options given to `linera-server generate` (what
 * each validator advertises and how its proxies and shards are addressed inside the cluster) and
 * the block exporter's per-replica config.
 */
import { stringify } from 'smol-toml';
import type { LineraProfile } from './profile-schema.js';
import { range } from '../common.js';
import { podHost, validatorNamespace } from '../naming.js';
import { advertisedPort } from './ports.js';

/** The exporter's own volume: Logging destinations write their files here. */
export const EXPORTER_DATA_DIR = '/data';

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

type Exporter = LineraProfile['linera']['blockExporter'];

/** A destination as the exporter's TOML parser takes it (linera-exporter 0.15.23 src/config.rs). */
function destinationToml(d: Exporter['destinations'][number]): Record<string, string | number> {
  if (d.kind === 'Indexer') return { kind: d.kind, tls: d.tls, endpoint: d.endpoint, port: d.port };
  if (d.kind === 'Validator') return { kind: d.kind, endpoint: d.endpoint, port: d.port };
  return { kind: d.kind, file_name: `${EXPORTER_DATA_DIR}/${d.fileName}` };
}

/** One replica's `BlockExporterConfig` (linera-exporter 0.15.23 src/config.rs); `id` is its ordinal. */
export function exporterToml(profile: LineraProfile, id: number): string {
  const exporter = profile.linera.blockExporter;
  const limits = exporter.limits;
  return stringify({
    id,
    metrics_port: exporter.ports.metrics,
    service_config: { host: '0.0.0.0', port: exporter.ports.grpc },
    destination_config: {
      committee_destination: exporter.committeeDestination,
      destinations: exporter.destinations.map(destinationToml),
    },
    ...(limits === undefined
      ? {}
      : {
          limits: {
            persistence_period_ms: limits.persistencePeriodMs,
            work_queue_size: limits.workQueueSize,
            blob_cache_weight_mb: limits.blobCacheWeightMb,
            blob_cache_items_capacity: limits.blobCacheItemsCapacity,
            block_cache_weight_mb: limits.blockCacheWeightMb,
            block_cache_items_capacity: limits.blockCacheItemsCapacity,
            auxiliary_cache_size_mb: limits.auxiliaryCacheSizeMb,
          },
        }),
  });
}
