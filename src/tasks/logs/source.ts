/** The log side of the dashboard's DashboardSource, on the same engine as `devnet logs`. */
import type { Kube } from '../../kube/client.js';
import type { DashboardSource } from '../../tui/model.js';
import { LogFollower } from './follower.js';
import { scopeOfSelection } from './scope.js';

/**
 * `DashboardSource.logs` for a devnet: follows the selection (or reads its previous containers
 * once) until unsubscribed. `onError` hears what ends a stream for good (e.g. not allowed to read logs).
 */
export function dashboardLogs(kube: Kube, devnet: string, onError: (error: unknown) => void): DashboardSource['logs'] {
  return (selection, options, onLines, onEvent) => {
    const controller = new AbortController();
    const request = { scope: scopeOfSelection(selection), follow: !options.previous, previous: options.previous, tail: options.tail };
    new LogFollower(kube, devnet, request, { lines: onLines, event: onEvent }).run(controller.signal).catch((error: unknown) => {
      if (!controller.signal.aborted) onError(error);
    });
    return () => controller.abort();
  };
}
