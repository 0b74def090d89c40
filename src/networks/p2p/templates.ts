/**
 * Per-replica command lines from Liquid templates (the kubevali idea, rendered ahead of time by
 * devnet instead of by a wrapper binary in the image). Values only known inside the pod, such as
 * the node's address, come out as references to environment variables set by the downward API.
 */
import { Liquid } from 'liquidjs';
import type { RuntimeEnv, Segment, Word } from '../topology.js';

let shared: Liquid | undefined;

/** Built on first use: Linera profiles never render a template. */
function engine(): Liquid {
  if (shared === undefined) {
    shared = new Liquid({ strictVariables: true, strictFilters: true, ownPropertyOnly: true });
    shared.registerFilter('pad', (value: unknown, width: unknown = 2) => String(value).padStart(Number(width), '0'));
  }
  return shared;
}

const MARK = '\u0001';

/** A value that renders as a reference to a pod environment variable. */
export function runtime(env: RuntimeEnv): string {
  return `${MARK}${env}${MARK}`;
}

export class TemplateError extends Error {}

export function renderTemplate(template: string, context: object): Word {
  let text: string;
  try {
    text = engine().parseAndRenderSync(template, context);
  } catch (error) {
    throw new TemplateError(cleanMessage(error));
  }
  return toSegments(text);
}

function toSegments(text: string): Word {
  const parts = text.split(MARK);
  const segments: Segment[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 1) segments.push({ env: part as RuntimeEnv });
    else if (part !== '') segments.push({ text: part });
  });
  return segments;
}

function cleanMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, line:\d+, col:\d+$/, '').split('\n')[0] ?? message;
}

export function isEmptyWord(word: Word): boolean {
  return word.every((segment) => 'text' in segment && segment.text === '');
}

export function literal(text: string): Word {
  return [{ text }];
}
