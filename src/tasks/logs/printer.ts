/** The engine's lines and events, formatted and written through the bounded queue. */
import type { Output } from '../../system/io.js';
import type { LogLine } from '../../tui/model.js';
import { LogFormatter, type FormatOptions } from './format.js';
import { QueuedWriter } from './output-queue.js';
import type { FollowerEvent, LogSink, MatchedPod } from './types.js';

/** Lines held while the output is not draining, when following; a snapshot is finite and waits instead. */
export const FOLLOW_QUEUE_LINES = 10_000;

export class LogPrinter implements LogSink {
  private readonly format: LogFormatter;
  private readonly writer: QueuedWriter;

  constructor(out: Output, options: FormatOptions & { bound: number }) {
    this.format = new LogFormatter(options);
    this.writer = new QueuedWriter(out, options.bound, (count) => this.format.dropped(count));
  }

  get dropped(): number {
    return this.writer.dropped;
  }

  lines(lines: LogLine[]): void {
    this.writer.write(lines.map((line) => ({ text: this.format.line(line), line: true })));
  }

  synced(pods: MatchedPod[]): void {
    this.format.widen(pods);
  }

  event(event: FollowerEvent): void {
    this.writer.write([{ text: this.format.event(event), line: false }]);
  }

  /** Resolves when everything was handed to the output. */
  flush(): Promise<void> {
    return this.writer.idle();
  }
}
