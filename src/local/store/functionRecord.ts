// What the local endpoint keeps about a function: its $LATEST configuration, published versions,
// aliases, tags, reserved concurrency, Function URLs and the settings of features it stores but
// does not run (policies, recursion and runtime management). Stored as one JSON file per function.
import type { CorsConfig } from '../../core/http/cors';

/** Settings stored and shown but not acted on locally (lambda/storedOnlySettings.ts). */
export interface StoredOnlySettings {
  /** Kept once set, empty lists included (AWS keeps showing a VpcConfig after a function leaves its VPC). */
  vpcConfig?: { subnetIds: string[]; securityGroupIds: string[]; ipv6AllowedForDualStack: boolean };
  deadLetterTargetArn?: string;
  kmsKeyArn?: string;
  fileSystemConfigs?: { arn: string; localMountPath: string }[];
  /** Absent: PassThrough. */
  tracingMode?: 'Active';
}

export interface VersionRecord extends StoredOnlySettings {
  version: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  memorySize: number;
  timeout: number;
  architecture: 'x86_64' | 'arm64';
  environment: Record<string, string>;
  ephemeralStorage: number;
  logFormat: 'Text' | 'JSON';
  logGroup: string;
  /** JSON log format only. */
  applicationLogLevel?: string;
  systemLogLevel?: string;
  /** SnapStart's ApplyOn when it is PublishedVersions (stored and shown; nothing is snapshotted locally). */
  snapStart?: 'PublishedVersions';
  codeSha256: string;
  codeSize: number;
  lastModified: string;
  revisionId: string;
  /** $LATEST only: the Pending or InProgress phase after a create or an update, until `until` (epoch ms); see lambda/settling.ts. */
  settling?: { kind: 'create' | 'update'; until: number; revisionAfter: string };
}

export interface AliasRecord {
  name: string;
  functionVersion: string;
  description: string;
  revisionId: string;
  additionalVersionWeights?: Record<string, number>;
}

/** A Function URL: its configuration as the API returns it, and the loopback port it listens on. */
export interface UrlRecord {
  /** The alias it invokes; undefined for the unqualified function ($LATEST). */
  qualifier?: string;
  /** 32 characters [a-z0-9], as Lambda's URL ids: requestContext.apiId. */
  urlId: string;
  /** Kept across restarts, so the URL stays the same; another is taken (and recorded) when it is busy at start. */
  port: number;
  authType: 'NONE' | 'AWS_IAM';
  cors?: CorsConfig;
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  creationTime: string;
  lastModifiedTime: string;
}

/** PutFunctionEventInvokeConfig: how asynchronous invocations of one qualifier are retried and where their results go. */
export interface EventInvokeConfigRecord {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  onSuccess?: string;
  onFailure?: string;
  /** Epoch seconds, as the API returns LastModified. */
  lastModified: number;
}

export interface FunctionRecord {
  region: string;
  name: string;
  latest: VersionRecord;
  versions: VersionRecord[];
  nextVersion: number;
  aliases: AliasRecord[];
  tags: Record<string, string>;
  reservedConcurrency?: number;
  urls?: UrlRecord[];
  /** By qualifier: `$LATEST`, a version number or an alias name. */
  eventInvokeConfigs?: Record<string, EventInvokeConfigRecord>;
  /** Resource-based policies by qualifier (`$LATEST` for the function itself); stored, not enforced. */
  policies?: Record<string, PolicyRecord>;
  /** PutFunctionRecursionConfig; AWS's default is Terminate. Stored: the endpoint detects no loops. */
  recursiveLoop?: 'Allow' | 'Terminate';
  /** PutRuntimeManagementConfig by qualifier (`$LATEST` or a version); the default is Auto. */
  runtimeManagement?: Record<string, RuntimeManagementRecord>;
}

/** One statement of a resource-based policy, as GetPolicy returns it. */
export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: '*' | { AWS: string } | { Service: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyRecord {
  revisionId: string;
  statements: PolicyStatement[];
}

export interface RuntimeManagementRecord {
  updateRuntimeOn: 'Auto' | 'FunctionUpdate' | 'Manual';
  runtimeVersionArn?: string;
}
