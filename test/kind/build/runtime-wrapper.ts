/** Builds runc-capfit (test/kind/runtime), the OCI runtime wrapper for hosts that lack a capability. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cachedDir, contentKey, kindCacheRoot } from './cache.js';
import { readFile } from 'node:fs/promises';
import { run, step, type Say } from './run.js';

const SOURCE = fileURLToPath(new URL('../runtime', import.meta.url));

/** Capability numbers, from linux/include/uapi/linux/capability.h (as in runtime/main.go). */
const CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW',
  'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD',
  'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG',
  'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** The capabilities of the kernel's list that a /proc/<pid>/status's CapBnd does not hold. */
export function missingCapabilities(status: string): string[] {
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (hex === undefined) return [];
  const bounding = BigInt(`0x${hex}`);
  return CAPABILITIES.filter((_, bit) => (bounding & (1n << BigInt(bit))) === 0n);
}

/** The wrapper, statically linked, handing over to `realRunc`; cached by source and target. */
export async function buildRuntimeWrapper(realRunc: string, progress: Say): Promise<string> {
  const source = await readFile(join(SOURCE, 'main.go'), 'utf8');
  const { dir } = await cachedDir(join(kindCacheRoot(), `runc-capfit-${contentKey(source, realRunc)}`), (into) =>
    step(`go build runc-capfit (exec ${realRunc})`, progress, async () => {
      await run('go', ['build', '-trimpath', '-ldflags', `-s -w -X main.realRunc=${realRunc}`, '-o', join(into, 'runc-capfit'), '.'], {
        cwd: SOURCE,
        env: { CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
      });
    }),
  );
  return join(dir, 'runc-capfit');
}
