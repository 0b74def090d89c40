import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { ControlPlaneError } from './errors.js';
import type { Component } from './processes.js';

export interface Probe {
  url: string;
  /** CA to verify the serving certificate; without it the (loopback, self-signed) cert is not checked. */
  caFile?: string;
}

/** Polls a health endpoint until it answers 200 "ok", failing fast if the component exits. */
export async function waitHealthy(component: Component, probe: Probe, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | string | undefined;
  void component.exited.then((code) => (exitCode = code));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (exitCode !== undefined) {
      throw new ControlPlaneError(`${component.name} exited (${exitCode}) while starting.\n${logTail(component.logPath)}`, {
        hint: `Its whole log is ${component.logPath}.`,
      });
    }
    last = await get(probe).catch((error: Error) => error.message);
    if (last === '200 ok') return;
    await delay(100);
  }
  throw new ControlPlaneError(`${component.name} did not become healthy at ${probe.url} within ${timeoutMs / 1000}s (last: ${last}).\n${logTail(component.logPath)}`, {
    hint: `Its whole log is ${component.logPath}.`,
  });
}

function get(probe: Probe): Promise<string> {
  const https = probe.url.startsWith('https:');
  const options = https
    ? probe.caFile === undefined
      ? { rejectUnauthorized: false }
      : { ca: readFileSync(probe.caFile) }
    : {};
  return new Promise((resolve, reject) => {
    const req = (https ? request : httpRequest)(probe.url, { ...options, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(`${res.statusCode} ${body.trim().slice(0, 200)}`));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

export function logTail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
