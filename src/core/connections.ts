// The connections the Functions tree shows at its top level. Pure: the extension reads settings
// and the cloud layer supplies profiles; this decides what the user sees and in which order.
export type ConnectionKind = 'local' | 'profile' | 'endpoint';

export interface ConnectionDescriptor {
  /** Stable id, used for tree item ids and to remember expansion state. */
  readonly id: string;
  readonly kind: ConnectionKind;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
}

export interface ConnectionSettings {
  readonly localEnabled: boolean;
}

export function describeConnections(settings: ConnectionSettings): ConnectionDescriptor[] {
  const connections: ConnectionDescriptor[] = [];
  if (settings.localEnabled) {
    connections.push({
      id: 'local',
      kind: 'local',
      label: 'Local',
      description: 'this machine',
      tooltip: 'The embedded Lambda endpoint: runs functions on this machine, no AWS account needed.',
    });
  }
  return connections;
}
