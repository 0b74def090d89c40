/**
 * The dashboard's fault keys, done by the same core as `devnet chaos`: one request in, the line
 * that says what was seen out (the confirmation applyFault returns), or the error with its hint.
 */
import { DevnetError } from '../../errors/index.js';
import type { ChaosRequest } from '../../tui/model.js';
import { applyFault, clearAll, faultsOn, undoFault } from './actions.js';
import type { ChaosContext } from './context.js';
import { describeFault } from './words.js';

async function undo(ctx: ChaosContext, action: 'stop' | 'partition', target: string): Promise<string> {
  const faults = await faultsOn(ctx, action, target);
  if (faults.length === 0) return `Nothing of ${target} is ${action === 'stop' ? 'stopped' : 'partitioned'} by devnet chaos.`;
  const said: string[] = [];
  for (const fault of faults) said.push(`undone ${describeFault(fault)}: ${await undoFault(ctx, fault)}`);
  return said.join('; ');
}

async function clear(ctx: ChaosContext): Promise<string> {
  const { undone, swept } = await clearAll(ctx);
  const where = ctx.target.provider === 'kind' ? `from ${swept} pod${swept === 1 ? '' : 's'}` : `(${swept} NetworkPolic${swept === 1 ? 'y' : 'ies'})`;
  const rules = swept > 0 ? `; removed rules the record did not know ${where}` : '';
  if (undone.length === 0) return `No fault was in force on devnet ${ctx.loaded.profile.name}${rules}.`;
  return `Undone ${undone.map((u) => describeFault(u.fault)).join(', ')}${rules}: no fault is in force now.`;
}

async function act(ctx: ChaosContext, request: ChaosRequest): Promise<string> {
  if (request.action === 'clear') return clear(ctx);
  if (request.action === 'start') return undo(ctx, 'stop', request.target);
  if (request.action === 'heal') return undo(ctx, 'partition', request.target);
  const applied = await applyFault(ctx, { action: request.action, target: request.target });
  return `${applied.summary}: ${applied.confirmation}`;
}

/** Runs what a dashboard key asked for; a failure carries its hint, since the status line is all the user sees. */
export function dashboardChaos(ctx: ChaosContext): (request: ChaosRequest) => Promise<string> {
  return async (request) => {
    try {
      return await act(ctx, request);
    } catch (error) {
      if (error instanceof DevnetError && error.hint !== undefined) throw new Error(`${error.message} (${error.hint})`, { cause: error });
      throw error;
    }
  };
}
