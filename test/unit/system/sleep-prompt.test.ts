import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { InterruptedError } from '../../../src/errors/index.js';
import { KubeApiError } from '../../../src/kube/transport.js';
import { allocatedPorts } from '../../../src/tasks/up/node-ports.js';
import type { Io } from '../../../src/system/io.js';
import { canAsk, confirm } from '../../../src/system/prompt.js';
import { abortedByDeadline, backoffMs, sleep } from '../../../src/system/sleep.js';

describe('sleep', () => {
  test('ends at once with InterruptedError when the signal aborts, and knows a deadline from Ctrl-C', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
    expect(abortedByDeadline(controller.signal)).toBe(false);
    const deadline = AbortSignal.any([new AbortController().signal, AbortSignal.timeout(5)]);
    await expect(sleep(60_000, deadline)).rejects.toBeInstanceOf(InterruptedError);
    expect(abortedByDeadline(deadline)).toBe(true);
  });

  test.each([
    [0, 250],
    [1, 500],
    [3, 2000],
    [10, 4000],
  ])('backoff of attempt %i is %i ms', (attempt, ms) => {
    expect(backoffMs(attempt)).toBe(ms);
  });
});

function io(answer: string | undefined, tty = true): Io & { written: () => string } {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = tty;
  if (answer !== undefined) stdin.end(answer);
  let written = '';
  return {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: { write: () => true },
    stderr: { write: (text: string) => ((written += text), true), isTTY: tty },
    env: {},
    cwd: '/',
    signal: new AbortController().signal,
    written: () => written,
  };
}

describe('asking before a new network replaces the old one', () => {
  test.each([
    ['y\n', true],
    ['yes\n', true],
    ['Y\n', true],
    ['\n', false],
    ['n\n', false],
    ['sure\n', false],
  ])('the answer %j is %s', async (answer, expected) => {
    const terminal = io(answer);
    expect(await confirm(terminal, 'Delete them?', new AbortController().signal)).toBe(expected);
    expect(terminal.written()).toBe('Delete them? [y/N] ');
  });

  test('Ctrl-C while the question waits is an interruption', async () => {
    const controller = new AbortController();
    const pending = confirm(io(undefined), 'Delete them?', controller.signal);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
  });

  test('only a terminal on both ends can be asked', () => {
    expect(canAsk(io('y\n', true))).toBe(true);
    expect(canAsk(io('y\n', false))).toBe(false);
  });
});

describe('node ports the API server says are taken', () => {
  test.each([
    ['one', 'Service "node-1" is invalid: spec.ports[0].nodePort: Invalid value: 30335: provided port is already allocated', [30335]],
    ['two', 'Service "x" is invalid: [spec.ports[0].nodePort: Invalid value: 30335: provided port is already allocated, spec.ports[1].nodePort: Invalid value: 30336: provided port is already allocated]', [30335, 30336]],
    ['out of range is another problem', 'Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767', []],
  ])('%s', (_, message, ports) => {
    expect(allocatedPorts(new KubeApiError(422, 'Invalid', message, '/api/v1/services'))).toEqual(ports);
  });

  test('only a 422 from the API server counts', () => {
    expect(allocatedPorts(new KubeApiError(409, 'Conflict', 'nodePort: Invalid value: 30335: provided port is already allocated', '/x'))).toEqual([]);
    expect(allocatedPorts(new Error('nodePort: Invalid value: 30335: provided port is already allocated'))).toEqual([]);
  });
});
