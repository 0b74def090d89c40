/**
 * The one question `up` asks: a changed committee or seed needs a new network, and the old one's
 * validators and storage must be deleted first. In a terminal the user answers; --yes answers for
 * them; without a terminal and without --yes, up refuses and changes nothing.
 */
import { UserError } from '../../errors/index.js';
import { devnetSelector } from '../../render/labels.js';
import { canAsk, confirm } from '../../system/prompt.js';
import type { UpContext } from './context.js';

export async function confirmReset(ctx: UpContext): Promise<void> {
  const decision = ctx.network?.decision;
  if (decision?.action !== 'reset') return;
  const devnet = ctx.loaded.profile.name;
  const namespaces = await ctx.requireKube().list('v1', 'Namespace', { labelSelector: devnetSelector(devnet), signal: ctx.signal });
  const names = namespaces.items.map((n) => n.metadata.name);
  const what = `devnet ${devnet}: ${decision.detail}. A new network needs a new genesis, so its validators and their storage must be deleted first (namespace${names.length === 1 ? '' : 's'} ${names.join(', ')}).`;
  if (ctx.flags.yes) {
    ctx.io.stderr.write(`${what}\nDeleting them (--yes).\n`);
    return;
  }
  if (!canAsk(ctx.io)) {
    throw new UserError(`${what} devnet does not delete them without asking.`, {
      hint: `run ${ctx.lines.up('--yes')} to replace the network, or undo the change to the profile to keep the one running`,
    });
  }
  ctx.io.stderr.write(`${what}\n`);
  if (!(await confirm(ctx.io, 'Delete them and start a new network?', ctx.signal))) {
    throw new UserError('Nothing was changed: the network keeps running as it was.', {
      hint: `undo the change to the profile to keep this network, or run ${ctx.lines.up('--yes')} to replace it`,
    });
  }
}
