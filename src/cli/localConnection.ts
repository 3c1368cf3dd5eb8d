// Commands that talk to the local endpoint use the one already running on the home, or run one
// in this process for the command's duration.
import { defaultHome, runningEndpoint } from '../local/home';
import { startLocalEndpoint, DEFAULT_REGION, type LocalEndpoint } from '../local/server';
import { createInvoker } from '../local/runtime/invoker';
import type { ConnectionTarget } from '../cloud/clients';
import { LOCAL_CONNECTION_ID } from '../core/connectionIds';

export interface LocalTarget {
  readonly target: ConnectionTarget;
  /** The endpoint, when it runs in this process (none was running on the home). */
  readonly inProcess?: LocalEndpoint;
  close(): Promise<void>;
}

export async function connectLocal(
  home = defaultHome(),
  region = DEFAULT_REGION,
): Promise<LocalTarget> {
  const running = runningEndpoint(home);
  if (running)
    return {
      target: {
        id: LOCAL_CONNECTION_ID,
        kind: 'local',
        region,
        endpoint: running.url,
        credentials: running.credentials,
      },
      close: async () => {},
    };
  const endpoint = await startLocalEndpoint({ home, createInvoker });
  return {
    target: {
      id: LOCAL_CONNECTION_ID,
      kind: 'local',
      region,
      endpoint: endpoint.url,
      credentials: endpoint.credentials,
    },
    inProcess: endpoint,
    close: () => endpoint.close(),
  };
}
