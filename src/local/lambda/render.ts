// Stored records in the shapes the Lambda API returns.
import { functionArn, partitionOf } from '../../core/arn';
import type { AliasRecord, FunctionRecord, VersionRecord } from '../store/functionRecord';
import { apiRevision, isSettling } from './settling';
import { renderStoredOnlySettings } from './storedOnlySettings';

export interface RenderState {
  readonly State?: string;
  readonly LastUpdateStatus?: string;
}

export function arnOf(record: FunctionRecord, account: string, qualifier?: string): string {
  return functionArn(partitionOf(record.region), record.region, account, record.name, qualifier);
}

export function renderConfiguration(
  record: FunctionRecord,
  version: VersionRecord,
  account: string,
  options: { qualifierInArn?: string; state?: RenderState; phase?: 'create' | 'update' } = {},
): Record<string, unknown> {
  const qualifier =
    options.qualifierInArn ?? (version.version === '$LATEST' ? undefined : version.version);
  // The answer to the change itself always shows its phase, however long the write took.
  const phase = options.phase ?? (isSettling(version) ? version.settling!.kind : undefined);
  return {
    FunctionName: record.name,
    FunctionArn: arnOf(record, account, qualifier),
    Runtime: version.runtime,
    Role: version.role,
    Handler: version.handler,
    CodeSize: version.codeSize,
    Description: version.description,
    Timeout: version.timeout,
    MemorySize: version.memorySize,
    LastModified: version.lastModified,
    CodeSha256: version.codeSha256,
    Version: version.version,
    ...(Object.keys(version.environment).length
      ? { Environment: { Variables: version.environment } }
      : {}),
    ...renderStoredOnlySettings(version),
    RevisionId: phase ? version.revisionId : apiRevision(version),
    State: options.state?.State ?? (phase === 'create' ? 'Pending' : 'Active'),
    ...(phase === 'create'
      ? { StateReason: 'The function is being created.', StateReasonCode: 'Creating' }
      : {}),
    // While Pending there is no LastUpdateStatus yet; an update's reason reads "being created" on AWS too
    // (test_lambda_api.snapshot.json, TestLambdaFunction::test_function_lifecycle / create_response, update_func_conf_response).
    ...(phase === 'create'
      ? {}
      : {
          LastUpdateStatus:
            options.state?.LastUpdateStatus ?? (phase === 'update' ? 'InProgress' : 'Successful'),
        }),
    ...(phase === 'update'
      ? {
          LastUpdateStatusReason: 'The function is being created.',
          LastUpdateStatusReasonCode: 'Creating',
        }
      : {}),
    PackageType: 'Zip',
    Architectures: [version.architecture],
    EphemeralStorage: { Size: version.ephemeralStorage },
    // Off even with PublishedVersions: versions are not snapshotted here (AWS shows On for them).
    SnapStart: {
      ApplyOn: version.snapStart === 'PublishedVersions' ? 'PublishedVersions' : 'None',
      OptimizationStatus: 'Off',
    },
    LoggingConfig: {
      LogFormat: version.logFormat,
      LogGroup: version.logGroup,
      ...(version.applicationLogLevel ? { ApplicationLogLevel: version.applicationLogLevel } : {}),
      ...(version.systemLogLevel ? { SystemLogLevel: version.systemLogLevel } : {}),
    },
    RuntimeVersionConfig: {
      RuntimeVersionArn: `arn:${partitionOf(record.region)}:lambda:${record.region}::runtime:lambda-lens-local`,
    },
  };
}

export function renderAlias(
  record: FunctionRecord,
  alias: AliasRecord,
  account: string,
): Record<string, unknown> {
  return {
    AliasArn: arnOf(record, account, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
    ...(alias.additionalVersionWeights
      ? { RoutingConfig: { AdditionalVersionWeights: alias.additionalVersionWeights } }
      : {}),
  };
}
