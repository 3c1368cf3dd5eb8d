// What the local endpoint keeps about a function: its $LATEST configuration, published versions,
// aliases, tags and reserved concurrency. Stored as one JSON file per function.
export interface VersionRecord {
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
  codeSha256: string;
  codeSize: number;
  lastModified: string;
  revisionId: string;
}

export interface AliasRecord {
  name: string;
  functionVersion: string;
  description: string;
  revisionId: string;
  additionalVersionWeights?: Record<string, number>;
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
}
