/**
 * Owns what a start created and takes it all down again: in reverse order, SIGTERM then SIGKILL,
 * also when the test process is interrupted. A failed run keeps its component logs.
 */
import { rmdirSync, rmSync } from 'node:fs';
import { cp, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { keptLogsDir, stateFiles, stateRoot } from './paths.js';
import type { PodWatcher } from './pod-watcher.js';
import { rssBytes, signalGroup, stopComponent, type Component, type ProcessRecord } from './processes.js';

export interface ControlPlane {
  kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  server: string;
  stateDir: string;
  binDir: string;
  /** Environment for child processes (kubectl, devnet) that should talk to this control plane. */
  env: { KUBECONFIG: string };
  /** Where pod logs live: <podLogsDir>/<namespace>/<pod>/<container>.log */
  podLogsDir: string;
  components: ReadonlyArray<{ name: string; pid: number; logPath: string }>;
  /** Milliseconds from start() to a ready kube-apiserver (the build not included). */
  apiReadyMs: number;
  /** Resident memory of each component process, in bytes. */
  memory(): Record<string, number>;
  /** Stops everything; `failed: true` keeps the component logs (their path is printed). */
  stop(options?: StopOptions): Promise<void>;
  /** etcd's client URL (http, loopback), for tests that look at what the API server stored. */
  etcdUrl: string;
  /**
   * Stops one component, e.g. kube-apiserver in the middle of a test: SIGTERM (graceful), or
   * SIGKILL with `kill`, as a crash would. The component's PID changes when it starts again.
   */
  stopComponent(name: string, options?: { kill?: boolean }): Promise<void>;
  /** Starts a stopped component again with the same command line and waits until it is healthy. */
  startComponent(name: string): Promise<void>;
}

export interface StopOptions {
  failed?: boolean;
}

const GRACE_MS = 5000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export class Teardown {
  readonly startedAt = Date.now();
  server = '';
  etcdUrl = '';
  apiReadyMs = 0;
  /** How to start each component again (set at boot). */
  readonly relaunchers = new Map<string, () => Promise<void>>();
  /** Components stopped on purpose; their exit is not a failure. */
  private readonly stoppedOnPurpose = new Set<Component>();
  podWatcher: PodWatcher | undefined;
  private readonly components: Component[] = [];
  private stopping: Promise<void> | undefined;
  private unexpectedExit: string | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => void this.interrupted(signal);
  /** The process is ending before stop() finished (e.g. Ctrl-C): nothing will wait any more. */
  private readonly onExit = () => {
    this.running().forEach((c) => signalGroup(c.pid, 'SIGKILL'));
    rmSync(this.stateDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    for (const dir of [dirname(this.stateDir), stateRoot()]) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty: another run still uses it.
      }
    }
  };

  constructor(
    readonly stateDir: string,
    readonly binDir: string,
    private readonly progress: (message: string) => void,
  ) {
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
    process.on('exit', this.onExit);
  }

  add(component: Component): void {
    this.components.push(component);
    void component.exited.then((code) => {
      if (this.stopping !== undefined || this.stoppedOnPurpose.has(component)) return;
      this.unexpectedExit = `${component.name} exited unexpectedly (${code})`;
      this.progress(`${this.unexpectedExit}; its log: ${component.logPath}`);
    });
  }

  /** Only these may be signalled: the PID (and group) of an exited child may belong to someone else. */
  private running(): Component[] {
    return this.components.filter((c) => c.child.exitCode === null && c.child.signalCode === null);
  }

  records(): ProcessRecord[] {
    return this.components.map(({ name, pid, exe }) => ({ name, pid, exe }));
  }

  controlPlane(): ControlPlane {
    const files = stateFiles(this.stateDir);
    return {
      kubeconfigPath: files.kubeconfig,
      server: this.server,
      stateDir: this.stateDir,
      binDir: this.binDir,
      env: { KUBECONFIG: files.kubeconfig },
      podLogsDir: files.podLogs,
      components: this.components.map(({ name, pid, logPath }) => ({ name, pid, logPath })),
      apiReadyMs: this.apiReadyMs,
      memory: () => Object.fromEntries(this.components.map((c) => [c.name, rssBytes(c.pid)])),
      stop: (options) => this.stop(options),
      etcdUrl: this.etcdUrl,
      stopComponent: (name, options) => this.stopComponent(name, options?.kill === true),
      startComponent: (name) => this.startComponent(name),
    };
  }

  private async stopComponent(name: string, kill: boolean): Promise<void> {
    const component = this.running().find((c) => c.name === name);
    if (component === undefined) throw new Error(`${name} is not running`);
    this.stoppedOnPurpose.add(component);
    if (kill) {
      signalGroup(component.pid, 'SIGKILL');
      await component.exited;
    } else {
      await stopComponent(component, GRACE_MS);
    }
  }

  private async startComponent(name: string): Promise<void> {
    if (this.running().some((c) => c.name === name)) throw new Error(`${name} is already running`);
    const relaunch = this.relaunchers.get(name);
    if (relaunch === undefined) throw new Error(`no component named ${name}`);
    await relaunch();
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.stopping ??= this.doStop(options.failed === true);
    return this.stopping;
  }

  private async doStop(failed: boolean): Promise<void> {
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    await this.podWatcher?.stop().catch(() => {});
    for (const component of [...this.components].reverse()) await stopComponent(component, GRACE_MS);
    if (failed || this.unexpectedExit !== undefined) await this.keepLogs();
    await rm(this.stateDir, { recursive: true, force: true });
    process.off('exit', this.onExit);
    await removeIfEmpty(dirname(this.stateDir));
    await removeIfEmpty(stateRoot());
  }

  private async keepLogs(): Promise<void> {
    const target = join(keptLogsDir(), `${basename(this.stateDir)}-${Date.now()}`);
    await cp(stateFiles(this.stateDir).logs, target, { recursive: true });
    const why = this.unexpectedExit === undefined ? 'the run failed' : this.unexpectedExit;
    process.stderr.write(`Control plane logs kept because ${why}: ${target}\n`);
  }

  /** Children get SIGTERM at once (so they go even if the process exits before we finish). */
  private async interrupted(signal: NodeJS.Signals): Promise<void> {
    this.running().forEach((c) => signalGroup(c.pid, 'SIGTERM'));
    await this.stop();
    // With no other handler left, re-raise so the process ends the way the signal asked.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
}

/** These directories are shared: remove one only when this was the last run using it. */
async function removeIfEmpty(dir: string): Promise<void> {
  await rmdir(dir).catch(() => {});
}
