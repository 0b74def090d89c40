/** The steps of `devnet up`, as data: each one small, with its enabled and skip rules. */
import { resolve } from 'node:path';
import { EnvironmentError } from '../../errors/index.js';
import { Kube } from '../../kube/client.js';
import { prerequisitesNamed } from '../../prereqs/versions.js';
import { manifestFor } from '../../prereqs/source.js';
import { installPrerequisite } from '../../prereqs/install.js';
import { renderObjects } from '../../render/index.js';
import { portFree, readSysctl } from '../../system/host.js';
import { cacheDir } from '../../system/paths.js';
import { run } from '../../system/process.js';
import { loadKindConfig } from '../kind-config.js';
import { kindPinned } from '../kind-tool.js';
import { preflight, realProbe } from '../preflight.js';
import type { CommandLines } from '../../output/command-line.js';
import type { Step } from '../steps.js';
import { Applier } from './apply.js';
import { ensureKindCluster } from './cluster.js';
import { deployShared, deployValidator, inertObjects, PhaseTimings } from './deploy.js';
import { checkLocalImages, imagesToLoad, loadImages, startPushes } from './images.js';
import { localImagesOf } from '../../networks/local-images.js';
import { kindNamed } from '../../networks/registry.js';
import { blockedError, inspectNetwork, resolveMaterial, type NetworkPlan } from './material.js';
import { DevnetWatch } from './readiness.js';
import { PRUNABLE_KINDS, removeNamespaces, prune } from './teardown.js';
import { checkEndpoints } from './endpoints.js';
import { prepareWallet } from './wallet.js';
import { devnetStateDir } from '../target.js';
import { reachOf, unreachableCommittee } from '../reach.js';
import { healthComponents } from '../health/index.js';
import { waitHealthy } from './health.js';
import { claim, writeRecord } from './claim.js';
import type { UpContext } from './context.js';
import { startCaches } from './cache.js';
import { checkOffline } from './offline.js';
import { prePull } from './pull.js';
import { replaceEarlyStarters } from './early-starters.js';
import { registryHostsDir } from '../cache/hosts.js';

const has = (ctx: UpContext) => ({
  scylla: ctx.loaded.topology.scylla.length > 0,
  kind: ctx.target.provider === 'kind',
  operators: ctx.loaded.topology.prerequisites.length > 0,
  localImages: localImagesOf(ctx.loaded.topology).length > 0,
});

export const UP_STEPS: readonly Step<UpContext>[] = [
  {
    id: 'preflight',
    title: 'Preflight',
    enabled: (ctx) => has(ctx).kind,
    skip: (ctx) => (ctx.flags.skipPreflight ? '--skip-preflight' : false),
    run: async (ctx, note) => {
      const results = await preflight(ctx.loaded.topology, realProbe(run, { ...ctx.io.env }, { sysctl: readSysctl, portFree }, ctx.signal), ctx.io.cwd);
      for (const r of results.filter((r) => r.status !== 'ok')) note(`${r.name}: ${r.detail}${r.fix ? ` (fix: ${r.fix})` : ''}`);
      const failed = results.filter((r) => r.status === 'fail');
      if (failed.length > 0) {
        throw new EnvironmentError(`This machine is not ready for the devnet (${failed.map((f) => f.name).join(', ')}).`, {
          details: failed.map((f) => `${f.name}: ${f.detail}${f.fix ? `\n    fix: ${f.fix}` : ''}`),
          hint: `fix the checks above (${ctx.lines.profileOnly('doctor')} runs them again), or pass --skip-preflight`,
        });
      }
      const skipped = results.filter((r) => r.status === 'skip').length;
      return `${results.length - skipped} checks passed${results.some((r) => r.status === 'warn') ? ' (with warnings)' : ''}${skipped > 0 ? `, ${skipped} could not look` : ''}`;
    },
  },
  {
    // Before the cluster: a missing image would otherwise be found only once pods fail to pull it.
    id: 'local-images',
    title: 'Local images',
    enabled: (ctx) => has(ctx).localImages,
    run: (ctx, note) => checkLocalImages(ctx, note),
  },
  {
    // Before the cache and the cluster: offline, up refuses before it starts any container.
    id: 'offline',
    title: 'Offline',
    enabled: (ctx) => ctx.flags.offline,
    run: async (ctx, note) => {
      ctx.kind ??= await kindPinned(ctx.io, ctx.signal, note);
      return checkOffline(ctx);
    },
  },
  {
    // Before the cluster, so the node's first pull already goes through them.
    id: 'cache',
    title: 'Image cache',
    enabled: (ctx) => has(ctx).kind,
    run: (ctx, note) => startCaches(ctx, note),
  },
  {
    id: 'cluster',
    title: 'Cluster',
    run: async (ctx, note) => {
      if (!has(ctx).kind) {
        const kube = Kube.connect(ctx.target);
        await kube.transport.request('GET', '/version', { signal: ctx.signal });
        ctx.kube = kube;
        if (kindNamed(ctx.loaded.topology.network).advertisesEndpoints) {
          // Said before genesis, while the fix costs nothing; the summary says it again.
          const committee = unreachableCommittee(ctx.loaded.topology, await reachOf(ctx.target, ctx.loaded.topology, kube, ctx.signal));
          if (committee !== undefined) note(`${committee.message} (fix: ${committee.fix})`);
        }
        return `using context ${kube.context}`;
      }
      const config = await loadKindConfig(ctx.loaded.topology.cluster, ctx.io.cwd);
      ctx.kind ??= await kindPinned(ctx.io, ctx.signal, note);
      const options = { recreate: ctx.flags.recreate, useContext: ctx.flags.useContext, lines: ctx.lines, hostsDir: registryHostsDir(ctx.io, ctx.target.clusterName) };
      // The first push of a local image takes about as long as kind create: they run side by side.
      const stopPushes = startPushes(ctx);
      const { summary, created } = await ensureKindCluster(ctx.target, config, options, ctx.io, ctx.kind, note).catch((error: unknown) => {
        stopPushes();
        throw error;
      });
      ctx.kube = Kube.connect(ctx.target);
      // Beside the steps that follow; the validators wait for it.
      if (created) ctx.earlyStarters = replaceEarlyStarters(ctx.kube, ctx.signal).catch(() => undefined);
      return summary;
    },
  },
  {
    id: 'images',
    title: 'Load images',
    enabled: (ctx) => imagesToLoad(ctx).length > 0,
    run: (ctx, note) => loadImages(ctx, note),
  },
  {
    // Before anything of the devnet is applied: an image that cannot be had stops up here.
    id: 'pull',
    title: 'Pull images',
    enabled: (ctx) => has(ctx).kind,
    run: (ctx, note, progress) => prePull(ctx, note, progress),
  },
  {
    id: 'claim',
    title: 'Claim',
    run: (ctx, note) => claim(ctx, note),
  },
  {
    id: 'network',
    title: 'Network',
    run: async (ctx, note) => {
      const plan = (ctx.network = await inspectNetwork(ctx.requireKube(), ctx.loaded.profile, ctx.loaded.topology, ctx.signal));
      return describePlan(plan, ctx.loaded.profile.name, ctx.lines, note);
    },
  },
  {
    id: 'prerequisites',
    title: 'Prerequisites',
    enabled: (ctx) => has(ctx).operators,
    run: async (ctx, note) => {
      const outcomes: string[] = [];
      for (const prereq of prerequisitesNamed(ctx.loaded.topology.prerequisites)) {
        const manifest = await manifestFor(prereq, { offlineDir: ctx.flags.manifestsDir === undefined ? undefined : resolve(ctx.io.cwd, ctx.flags.manifestsDir), cacheDir: cacheDir(ctx.io.env), signal: ctx.signal });
        note(`${prereq.name} ${prereq.version} from ${manifest.origin}`);
        const result = await installPrerequisite(prereq, manifest.text, { kube: ctx.requireKube(), signal: ctx.signal, note });
        outcomes.push(`${prereq.name} ${prereq.version} ${result === 'already' ? 'already installed' : 'installed'}`);
      }
      return outcomes.join(', ');
    },
  },
  {
    id: 'keys',
    title: 'Keys and genesis',
    run: async (ctx, note) => {
      const plan = ctx.requireNetwork();
      if (plan.decision.action === 'reset') {
        note(`${plan.decision.detail}: a new network needs a new genesis, so the old validators and their storage go first`);
        await removeNamespaces(ctx.requireKube(), ctx.loaded.profile.name, ctx.signal, note);
        await writeRecord(ctx);
      }
      const outcome = await resolveMaterial(ctx.requireKube(), ctx.loaded.profile, ctx.loaded.topology, plan, { ...ctx.io.env }, ctx.signal, ctx.lines);
      for (const restored of outcome.restored) note(`restoring ${restored}`);
      ctx.material = outcome.material;
      ctx.state = outcome.state;
      if (outcome.origin === 'reused') return outcome.restored.length === 0 ? 'reused from the cluster' : `reused from the cluster, ${outcome.restored.length} restored`;
      return ctx.loaded.topology.material.kind === 'linera' ? 'generated with linera-server and linera (Docker)' : 'generated by devnet';
    },
  },
  {
    id: 'objects',
    title: 'Configuration',
    run: async (ctx, note) => {
      const kube = ctx.requireKube();
      ctx.objects = renderObjects(ctx.loaded.topology, ctx.requireMaterial(), { showSecrets: true });
      const applier = (ctx.applier = new Applier(kube, ctx.loaded.profile.name, ctx.signal, note));
      applier.want([...ctx.objects, ctx.requireState()]);
      ctx.watch = new DevnetWatch(kube, ctx.loaded.profile.name, has(ctx).scylla);
      const apply = async () => {
        await applier.load(PRUNABLE_KINDS);
        await applier.apply([...inertObjects(ctx.objects), ctx.requireState()]);
      };
      // The watches start while the configuration is applied, so the first workload wait begins warm.
      await Promise.all([ctx.watch.start(ctx.signal), apply()]);
      return `${ctx.applier.report.applied.length} applied, ${ctx.applier.report.unchanged} unchanged`;
    },
  },
  {
    id: 'validators',
    title: 'Validators',
    run: async (ctx, note) => {
      const deploy = {
        kube: ctx.requireKube(),
        topology: ctx.loaded.topology,
        applier: ctx.requireApplier(),
        watch: ctx.requireWatch(),
        signal: ctx.signal,
        render: (material: typeof ctx.material & object) => renderObjects(ctx.loaded.topology, material, { showSecrets: true }),
        material: ctx.requireMaterial(),
        note: (scope: string, message: string) => note(`${scope}: ${message}`),
        timings: (ctx.phases = new PhaseTimings()),
        lines: ctx.lines,
        deadline: { startedAt: ctx.startedAt, seconds: ctx.flags.timeoutSeconds },
      };
      const replaced = await ctx.earlyStarters;
      if (replaced !== undefined) note(replaced);
      // This step's own share of what the summary counts, so the steps' numbers add up to it.
      const { report } = ctx.requireApplier();
      const before = { applied: report.applied.length, unchanged: report.unchanged };
      const objects = await deployShared(deploy, ctx.objects);
      ctx.objects = objects;
      await Promise.all(ctx.loaded.topology.validators.map((v) => deployValidator(deploy, objects, v.index)));
      const n = ctx.loaded.topology.validators.length;
      return `${n} validator${n === 1 ? '' : 's'} ready; ${report.applied.length - before.applied} applied, ${report.unchanged - before.unchanged} unchanged`;
    },
  },
  {
    id: 'prune',
    title: 'Clean-up',
    run: async (ctx, note) => {
      const removed = await prune(ctx.requireKube(), ctx.requireApplier().stale([...ctx.objects, ctx.requireState()]), ctx.signal, note);
      return removed === 0 ? 'nothing left over' : `removed ${removed} object${removed === 1 ? '' : 's'} the profile no longer has`;
    },
  },
  {
    id: 'endpoints',
    title: 'Endpoints',
    enabled: (ctx) => has(ctx).kind && ctx.loaded.topology.network === 'linera',
    skip: (ctx) => (ctx.flags.skipEndpointCheck ? '--skip-endpoint-check' : false),
    run: (ctx, note) => checkEndpoints(ctx.loaded.topology, ctx.signal, ctx.lines, note),
  },
  {
    id: 'health',
    title: 'Log health',
    enabled: (ctx) => ctx.flags.waitHealthy,
    skip: (ctx) => (healthComponents(ctx.loaded.topology).length === 0 ? 'no component of the profile has a health rule' : false),
    run: (ctx, note) => waitHealthy(ctx, note),
  },
  {
    id: 'wallet',
    title: 'Wallet',
    enabled: (ctx) => ctx.loaded.profile.network === 'linera',
    run: async (ctx, note) => {
      const profile = ctx.loaded.profile;
      if (profile.network !== 'linera') return 'not a Linera devnet';
      const wallet = (ctx.wallet = await prepareWallet(profile, ctx.requireMaterial(), devnetStateDir(ctx.io, profile.name), ctx.io, ctx.signal));
      if (wallet.storage !== undefined) return `wallet, keystore and client storage in ${wallet.dir}`;
      note(`could not prepare the client storage (${wallet.problem ?? 'unknown reason'}); run: ${wallet.command ?? ''}`);
      return `wallet and keystore in ${wallet.dir}; client storage not prepared`;
    },
  },
];

/** One line for the network step; what is missing and cannot come back stops the run here, before anything changes. */
function describePlan(plan: NetworkPlan, devnet: string, lines: CommandLines, note: (m: string) => void): string {
  const { decision } = plan;
  switch (decision.action) {
    case 'builtin':
      return plan.stateExists ? 'the same keys as before (seed stored in the cluster)' : 'new keys';
    case 'generate':
      return 'a new network';
    case 'reset':
      return `${decision.detail}: needs a new network`;
    case 'blocked':
      throw blockedError(decision, devnet, lines);
    case 'reuse':
      for (const restore of decision.restore) note(`will restore ${restore}`);
      if (decision.missingWallet && plan.seed === '') note('the admin wallet was kept only in Secret devnet-state, which is missing: no wallet can be handed over for this network');
      return decision.restore.length === 0 ? 'the same network as in the cluster' : `the same network; ${decision.restore.length} missing object${decision.restore.length === 1 ? '' : 's'} to restore`;
  }
}
