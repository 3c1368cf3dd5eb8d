// Function identifiers as Lambda accepts them: a name, a partial ARN (123456789012:function:name)
// or a full ARN, each optionally with a qualifier (version or alias) after a colon.
/**
 * FunctionName as Lambda's validator quotes it for CreateFunction (LocalStack's AWS-validated snapshot
 * tests/aws/services/lambda_/test_lambda_api.snapshot.json, test_function_name_and_qualifier_validation[*-create_function]).
 */
export const FUNCTION_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
/** FunctionName as the other operations quote it today (same snapshot, [*-get_function], [*-invoke], [*-delete_function]). */
export const FUNCTION_REF_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
/** The Qualifier parameter (same snapshot, [invalid_characters_in_qualifier-get_function]). */
export const QUALIFIER_PATTERN = '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+';
export const QUALIFIER_MAX_LENGTH = 128;

const REGION_PART = '(?:(?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso(?:[a-z]?)))?-[a-z]+-\\d{1})';
const FUNCTION_REF = new RegExp(
  `^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:(?<region>${REGION_PART}):)?(?:(?<account>\\d{12}):)?(?:function:)?(?<name>[a-zA-Z0-9-_.]+)(?::(?<qualifier>\\$LATEST(?:\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$`,
);
const CREATE_NAME = new RegExp(
  `^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?(?:${REGION_PART}:)?(?:\\d{12}:)?(?:function:)?[a-zA-Z0-9-_]+(?::(?:\\$LATEST|[a-zA-Z0-9-_]+))?$`,
);
const QUALIFIER = /^(?:\$(?:LATEST(?:\.PUBLISHED)?)|[a-zA-Z0-9-_$]+)$/;
const PLAIN_NAME = /^[a-zA-Z0-9-_]{1,64}$/;

export interface FunctionRef {
  readonly name: string;
  readonly qualifier?: string;
  readonly region?: string;
  readonly account?: string;
}

/** The parts of a FunctionName that satisfies FUNCTION_REF_PATTERN, whatever its length; undefined otherwise. */
export function matchFunctionRef(value: string): FunctionRef | undefined {
  const groups = FUNCTION_REF.exec(value)?.groups;
  if (!groups) return undefined;
  const { name, qualifier, region, account } = groups;
  return {
    name: name!,
    ...(qualifier ? { qualifier } : {}),
    ...(region ? { region } : {}),
    ...(account ? { account } : {}),
  };
}

/** Whether a CreateFunction FunctionName satisfies FUNCTION_NAME_PATTERN. */
export function matchesCreatePattern(value: string): boolean {
  return CREATE_NAME.test(value);
}

export function isValidQualifier(value: string): boolean {
  return QUALIFIER.test(value);
}

/** Parses a FunctionName parameter; undefined when it is not a valid name or ARN of a function that can exist. */
export function parseFunctionRef(value: string): FunctionRef | undefined {
  if (value.length === 0 || value.length > 170) return undefined;
  const ref = matchFunctionRef(value);
  if (!ref || !PLAIN_NAME.test(ref.name)) return undefined;
  return ref;
}

export function isPlainFunctionName(value: string): boolean {
  return PLAIN_NAME.test(value);
}

export function functionArn(
  partition: string,
  region: string,
  account: string,
  name: string,
  qualifier?: string,
): string {
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
