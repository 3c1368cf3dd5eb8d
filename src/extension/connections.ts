// The connections the editor knows (Local, the environment's credentials, AWS profiles, custom
// endpoints) and how to reach each: its target and its clients. The Functions view, the status
// bar, deploy, invoke and the panels all ask here; none of them builds a target itself.
import * as vscode from 'vscode';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ConnectionTarget } from '../cloud';
import { findConnection } from '../core/connectionIds';
import {
  describeConnections,
  targetKindOf,
  type ConnectionDescriptor,
  type ProfileInfo,
} from '../core/connections';
import { errorMessage } from '../core/errorMessage';
import { loadCloud, loadProfiles } from './cloudLoader';
import type { LocalEndpointProcess } from './localEndpoint';
import { readSettings } from './settings';

export class Connections implements vscode.Disposable {
  private profiles: ProfileInfo[] | undefined;
  private profilesLoading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The profiles read from the AWS config files changed (so the list of connections did). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly local: LocalEndpointProcess,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Every connection the settings and the profiles read so far name, in the order the view shows them. */
  all(): ConnectionDescriptor[] {
    const settings = readSettings();
    return describeConnections(settings, settings.profilesEnabled ? (this.profiles ?? []) : []);
  }

  /** The connection a recorded id names (functions.json's "connection", a setting). */
  find(id: string | undefined): ConnectionDescriptor | undefined {
    return findConnection(this.all(), id);
  }

  /** Starts reading the profiles (once until `reload`), when the settings show them. */
  loadProfiles(): void {
    if (!readSettings().profilesEnabled) return;
    this.profilesLoading ??= (async () => {
      const before = JSON.stringify(this.profiles ?? []);
      try {
        this.profiles = await loadProfiles().listProfiles();
      } catch (error) {
        this.profiles = [];
        this.output.warn(`Could not read the AWS config files: ${errorMessage(error)}`);
      }
      if (JSON.stringify(this.profiles) !== before) this.changed.fire();
    })();
  }

  /** Waits up to `ms` for the first reading of the profiles (so a first draw does not shift when they arrive). */
  async profilesRead(ms: number): Promise<void> {
    if (!readSettings().profilesEnabled) return;
    this.loadProfiles();
    if (this.profiles) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.profilesLoading,
      new Promise((resolve) => (timer = setTimeout(resolve, ms))),
    ]);
    clearTimeout(timer);
  }

  /** Reads the profiles again at the next need; the ones known so far stay meanwhile. */
  reload(): void {
    this.profilesLoading = undefined;
  }

  /** How to reach a connection in a region (starts the local endpoint when needed). */
  async target(connection: ConnectionDescriptor, region: string): Promise<ConnectionTarget> {
    if (connection.kind === 'local') {
      const local = await this.local.ensureStarted();
      return {
        id: connection.id,
        kind: 'local',
        region,
        endpoint: local.url,
        credentials: local.credentials,
      };
    }
    // A profile's (or the environment's) own endpoint settings: LocalStack or moto behind a profile.
    const configured =
      connection.kind === 'profile' ? await loadCloud().profileEndpoints(connection.profile) : {};
    const kind = targetKindOf(connection.kind, configured.lambda);
    return {
      id: connection.id,
      kind,
      region,
      ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
      ...(connection.profile ? { profile: connection.profile } : {}),
      ...(Object.keys(configured).length > 0 ? { configuredEndpoints: configured } : {}),
      // Real AWS accounts share Lambda's control-plane budget; the local endpoint and other endpoints have none.
      ...(kind === 'aws' ? { pacing: connection.id } : {}),
    };
  }

  async lambdaClient(connection: ConnectionDescriptor, region: string): Promise<LambdaClient> {
    return loadCloud().lambdaClientFor(await this.target(connection, region));
  }

  async logsClient(
    connection: ConnectionDescriptor,
    region: string,
  ): Promise<CloudWatchLogsClient> {
    return loadCloud().logsClientFor(await this.target(connection, region));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
