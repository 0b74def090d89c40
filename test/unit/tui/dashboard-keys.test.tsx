import { afterEach, describe, expect, test } from 'vitest';
import { SimulatedSource, buildTopology } from '../../support/simulated-source.js';
import { KEY, mount, type Mounted } from './harness.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

const selectedRow = (frame: string) => frame.split('\n').find((l) => l.startsWith('›')) ?? '';
const footer = (frame: string) => frame.split('\n').at(-1) ?? '';

async function twoValidators(options: Parameters<typeof mount>[1] = {}): Promise<Mounted> {
  app = await mount(new SimulatedSource(buildTopology({ validators: 2 })), options);
  return app;
}

describe('navigation', () => {
  test('j/k and the arrows move, Enter and →/← expand and collapse, g/G jump', async () => {
    const a = await twoValidators();
    expect(selectedRow(a.frame())).toContain('devnet local');
    await a.press('j', 'j');
    expect(selectedRow(a.frame())).toContain('▸ ● proxy');
    await a.press(KEY.enter);
    expect(a.frame()).toContain('● proxy-0');
    await a.press(KEY.right);
    expect(selectedRow(a.frame())).toContain('proxy-0');
    await a.press(KEY.left);
    expect(selectedRow(a.frame())).toContain('▾ ● proxy');
    await a.press(KEY.left);
    expect(a.frame()).not.toContain('proxy-0');
    await a.press(KEY.up, 'G');
    expect(selectedRow(a.frame())).toContain('block-exporter');
    await a.press('g');
    expect(selectedRow(a.frame())).toContain('devnet local');
    await a.press(KEY.left);
    expect(a.frame()).not.toContain('validator-0');
  });

  test('keys typed faster than the screen redraws all count', async () => {
    const a = await twoValidators();
    // One chunk, as a busy terminal delivers keys typed in a burst.
    await a.press('jjll');
    expect(selectedRow(a.frame())).toContain('proxy-0');
    await a.press('/err');
    expect(footer(a.frame())).toContain('/err');
  });
});

describe('the log pane follows the selection', () => {
  test('selecting a pod closes the old stream and opens one for that pod', async () => {
    const a = await twoValidators();
    expect(a.source.open.map((s) => s.selection)).toEqual([{ kind: 'all' }]);
    await a.press('j', 'j', KEY.enter, 'j');
    await a.wait();
    expect(a.source.open).toHaveLength(1);
    expect(a.source.open[0]?.selection).toEqual({ kind: 'pod', pod: 'local-val-0/proxy-0' });
    expect(a.source.open[0]?.options.previous).toBe(false);
    a.source.emit([a.source.line('local-val-0/proxy-0', 'serving gRPC on 19100'), a.source.line('local-val-1/proxy-0', 'not this one')]);
    await a.wait();
    expect(a.frame()).toContain('logs: proxy-0');
    expect(a.frame()).toContain('linera serving gRPC on 19100');
    expect(a.frame()).not.toContain('not this one');
  });

  test('moving through several rows quickly opens one stream, for where the cursor stops', async () => {
    const a = await twoValidators();
    await a.press('j', 'j', 'j', 'j');
    await a.wait();
    expect(a.source.subscriptions.map((s) => s.selection)).toEqual([{ kind: 'all' }, { kind: 'component', validator: 0, component: 'storage' }]);
  });

  test('P follows the previous container of the selected pod, and only of a pod', async () => {
    const a = await twoValidators();
    await a.press('P');
    expect(footer(a.frame())).toContain('select a pod first');
    await a.press('j', 'j', 'j', KEY.enter, 'j');
    await a.wait();
    await a.press('P');
    await a.wait();
    expect(a.source.open[0]?.options.previous).toBe(true);
    expect(a.frame()).toContain('previous container');
  });

  test('t shows timestamps', async () => {
    const a = await twoValidators();
    a.source.emit([a.source.line('local-val-0/proxy-0', 'hello', { time: '2026-01-01T10:11:12.345678Z' })]);
    await a.wait();
    expect(a.frame()).not.toContain('10:11:12.345');
    await a.press('t');
    expect(a.frame()).toContain('10:11:12.345 val-0/proxy-0 linera hello');
  });
});

describe('filter', () => {
  test('/ keeps the lines a regex matches, !regex hides them, Esc clears it', async () => {
    const a = await twoValidators();
    a.source.emit(['ERROR disk full', 'INFO ok', 'error: again'].map((t) => a.source.line('local-val-0/proxy-0', t)));
    await a.wait();
    await a.press('/', 'e', 'r', 'r', 'o', 'r', KEY.enter);
    expect(a.frame()).toContain('ERROR disk full');
    expect(a.frame()).toContain('error: again');
    expect(a.frame()).not.toContain('INFO ok');
    expect(a.frame()).toContain('filter /error/');
    await a.press('/', KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, '!', 'E', 'R', 'R', KEY.enter);
    expect(a.frame()).toContain('hiding /ERR/');
    expect(a.frame()).not.toContain('ERROR disk full');
    expect(a.frame()).toContain('INFO ok');
    expect(a.frame()).toContain('error: again');
    await a.press(KEY.escape);
    expect(a.frame()).toContain('ERROR disk full');
    expect(a.frame()).toContain('INFO ok');
  });

  test('an invalid regex shows an error and keeps the last good filter', async () => {
    const a = await twoValidators();
    a.source.emit(['alpha', 'beta'].map((t) => a.source.line('local-val-0/proxy-0', t)));
    await a.wait();
    await a.press('/', 'a', 'l', '(');
    expect(footer(a.frame())).toContain('not a valid regular expression');
    expect(a.frame()).toContain('alpha');
    expect(a.frame()).not.toContain('beta');
    await a.press(KEY.enter);
    expect(footer(a.frame())).toContain('not a valid regular expression');
    await a.press(KEY.escape);
    expect(a.frame()).toContain('beta');
    expect(footer(a.frame())).toContain('? help');
  });
});

describe('pause', () => {
  test('space freezes the pane and counts what arrives; space again shows it', async () => {
    const a = await twoValidators();
    a.source.emit([a.source.line('local-val-0/proxy-0', 'before')]);
    await a.wait();
    await a.press(' ');
    expect(a.frame()).toContain('⏸ paused');
    a.source.emit(['one', 'two', 'three'].map((t) => a.source.line('local-val-0/proxy-0', `after ${t}`)));
    await a.wait();
    expect(a.frame()).toContain('⏸ paused, 3 new lines');
    expect(a.frame()).not.toContain('after one');
    await a.press('p');
    expect(a.frame()).not.toContain('paused');
    expect(a.frame()).toContain('after three');
  });

  test('a paused pane keeps its lines even when a busy stream rolls them out of the buffer', async () => {
    const a = await twoValidators({ bufferLines: 20 });
    a.source.emit([a.source.line('local-val-0/proxy-0', 'the line I am reading')]);
    await a.wait();
    await a.press(' ');
    a.source.emit(Array.from({ length: 50 }, (_, i) => a.source.line('local-val-0/proxy-0', `flood ${i}`)));
    await a.wait();
    expect(a.frame()).toContain('the line I am reading');
    expect(a.frame()).toContain('⏸ paused, 50 new lines');
    expect(a.frame()).toContain('31 dropped from the buffer');
    await a.press(' ');
    expect(a.frame()).not.toContain('the line I am reading');
    expect(a.frame()).toContain('flood 49');
  });

  test('PgUp scrolls back (and pauses), End follows again', async () => {
    const a = await twoValidators();
    a.source.emit(Array.from({ length: 60 }, (_, i) => a.source.line('local-val-0/proxy-0', `line-${i}.`)));
    await a.wait();
    expect(a.frame()).toContain('line-59.');
    await a.press(KEY.pageUp, KEY.pageUp);
    expect(a.frame()).toContain('⏸ paused');
    expect(a.frame()).not.toContain('line-59.');
    await a.press(KEY.pageDown);
    expect(a.frame()).toContain('⏸ paused');
    await a.press(KEY.end);
    expect(a.frame()).toContain('line-59.');
    expect(a.frame()).not.toContain('paused');
  });
});

describe('actions', () => {
  test('d describes the selected row in an overlay that Esc closes', async () => {
    const a = await twoValidators();
    a.source.describeLines = () => ['Conditions:', '  Ready  False', 'Events:', '  Warning  BackOff  kubelet  Back-off restarting failed container'];
    await a.press('d');
    expect(footer(a.frame())).toContain('select one first');
    await a.press('j', 'j', 'j', 'd');
    expect(a.source.described).toEqual([{ kind: 'component', id: 'local-val-0/shards' }]);
    expect(a.frame()).toContain('describe component local-val-0/shards');
    expect(a.frame()).toContain('Back-off restarting failed container');
    await a.press(KEY.escape);
    expect(a.frame()).not.toContain('Back-off restarting');
    expect(a.frame()).toContain('logs:');
  });

  test('a long describe scrolls, and says which lines it shows', async () => {
    const a = await twoValidators();
    a.source.describeLines = () => Array.from({ length: 50 }, (_, i) => `event ${i + 1}.`);
    await a.press('j', 'd');
    expect(a.frame()).toContain('lines 1–21 of 50');
    await a.press(KEY.pageDown);
    expect(a.frame()).toContain('lines 22–42 of 50');
    expect(a.frame()).toContain('event 22.');
    await a.press('G');
    expect(a.frame()).toContain('event 50.');
    expect(a.frame()).not.toContain('event 29.');
  });

  test('a describe that fails says why', async () => {
    const a = await twoValidators();
    a.source.describeLines = () => Promise.reject(new Error('pods "shards-0" not found'));
    await a.press('j', 'd');
    expect(a.frame()).toContain('Could not describe it: pods "shards-0" not found');
  });

  test('s hands the pane to save and says where it went', async () => {
    const saved: string[][] = [];
    const a = await twoValidators({ save: async (lines) => (saved.push(lines), '/tmp/devnet-local.log') });
    a.source.emit(['one', 'two'].map((t) => a.source.line('local-val-0/proxy-0', t)));
    await a.wait();
    await a.press('s');
    expect(saved).toEqual([['local-val-0/proxy-0 linera one', 'local-val-0/proxy-0 linera two']]);
    expect(footer(a.frame())).toContain('Saved 2 lines to /tmp/devnet-local.log');
  });

  test('D asks first: n keeps the devnet, y tears it down', async () => {
    const a = await twoValidators();
    await a.press('D');
    expect(footer(a.frame())).toContain('Tear down devnet local? y/N');
    await a.press('n');
    expect(a.source.teardowns).toBe(0);
    expect(footer(a.frame())).toContain('Devnet local keeps running.');
    await a.press('D', 'y');
    expect(a.source.teardowns).toBe(1);
  });

  test('? shows the keys; Esc closes the help', async () => {
    const a = await twoValidators();
    await a.press('?');
    expect(a.frame()).toContain('!regex hides them');
    expect(a.frame()).toContain('tear the devnet down (asks first)');
    await a.press(KEY.escape);
    expect(a.frame()).not.toContain('!regex hides them');
  });
});
