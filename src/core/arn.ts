// Function identifiers as Lambda accepts them: a name, a partial ARN (123456789012:function:name)
// or a full ARN, each optionally with a qualifier (version or alias) after a colon.
export const FUNCTION_NAME_PATTERN = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
const FUNCTION_REF = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);
const PLAIN_NAME = /^[a-zA-Z0-9-_]{1,64}$/;

export interface FunctionRef {
  readonly name: string;
  readonly qualifier?: string;
  readonly region?: string;
  readonly account?: string;
}

/** Parses a FunctionName parameter; undefined when it is not a valid name or ARN. */
export function parseFunctionRef(value: string): FunctionRef | undefined {
  if (value.length === 0 || value.length > 170) return undefined;
  const match = FUNCTION_REF.exec(value);
  if (!match) return undefined;
  const name = match[7]!;
  if (name.length > 64) return undefined;
  const region = match[3]?.slice(0, -1);
  const account = match[5]?.slice(0, -1);
  // "name:qualifier" without "function:" is valid only as a plain name with a qualifier.
  return { name, ...(match[9] ? { qualifier: match[9] } : {}), ...(region ? { region } : {}), ...(account ? { account } : {}) };
}

export function isPlainFunctionName(value: string): boolean {
  return PLAIN_NAME.test(value);
}

export function functionArn(partition: string, region: string, account: string, name: string, qualifier?: string): string {
  return `arn:${partition}:lambda:${region}:${account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Any ARN, `arn:partition:service:region:account:resource`; undefined when it is not one. */
export function parseArn(value: string): Arn | undefined {
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4] ?? '', resource: m[5]! };
}
