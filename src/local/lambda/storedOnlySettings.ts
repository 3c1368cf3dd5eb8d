// Settings of CreateFunction and UpdateFunctionConfiguration that the endpoint validates, stores
// and reads back but does not act on: VpcConfig (no VPC is networked here), DeadLetterConfig (no
// SQS queue or SNS topic is sent to), KMSKeyArn (environment variables are not encrypted with it),
// FileSystemConfigs (nothing is mounted) and TracingConfig (X-Ray is not run). A tool that sets one
// and reads it back (Terraform, CDK, SAM, the AWS CLI) sees what it set, in AWS's response shape.
// Constraints and messages: AWS's (LocalStack's AWS-validated snapshot tests/aws/services/lambda_/
// test_lambda_api.snapshot.json, TestLambdaFunction::test_vpc_config and test_invalid_vpc_config_*;
// the rest from the Lambda API model's constraints, in AWS's validation-message form).
import { fail, validationErrors, type Violation } from '../../core/apiProblem';
import type { StoredOnlySettings, VersionRecord } from '../store/functionRecord';
import { isJsonObject } from '../../core/jsonObject';

const MAX_SUBNETS = 16;
const MAX_SECURITY_GROUPS = 5;
const SUBNET_ID = 'subnet-[0-9a-z]*';
const SECURITY_GROUP_ID = 'sg-[0-9a-zA-Z]*';
/** The model's ResourceArn and KMSKeyArn: any ARN, or empty (which removes the setting). */
const ARN_OR_EMPTY = String.raw`(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()`;
const FILE_SYSTEM_ARN = String.raw`arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\d{1}:\d{12}:access-point/fsap-[a-f0-9]{17}$|^arn:aws[-a-z]*:s3files:[0-9a-z-:]+:file-system/fs-[0-9a-f]{17,40}/access-point/fsap-[0-9a-f]{17,40}`;
const LOCAL_MOUNT_PATH = '/mnt/[a-zA-Z0-9-_.]+';
const TRACING_MODES = ['Active', 'PassThrough'] as const;

const matches = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);
const shownList = (list: readonly unknown[]) => `[${list.map(String).join(', ')}]`;

/** A list of IDs as Coral checks it: its length, then each member's length and pattern (one violation for all members). */
function idList(
  value: unknown,
  field: string,
  max: number,
  pattern: string,
  violations: Violation[],
): string[] {
  if (value === undefined || value === null) return [];
  const member = field.replace(
    /(^|\.)([a-z])/g,
    (_, dot: string, first: string) => dot + first.toUpperCase(),
  );
  if (!Array.isArray(value))
    fail('InvalidParameterValueException', `${member} must be a list of IDs.`);
  if (value.length > max)
    violations.push({
      value: shownList(value),
      field,
      constraint: `Member must have length less than or equal to ${max}`,
    });
  if (value.some((id) => typeof id !== 'string' || id.length > 1024 || !matches(pattern, id))) {
    violations.push({
      value: shownList(value),
      field,
      constraint: `Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: ${pattern}]`,
    });
  }
  return value as string[];
}

function vpcConfig(value: unknown, violations: Violation[]): StoredOnlySettings['vpcConfig'] {
  if (!isJsonObject(value))
    fail(
      'InvalidParameterValueException',
      'VpcConfig must be an object with SubnetIds and SecurityGroupIds (both empty to take the function out of its VPC).',
    );
  // AWS checks the security groups first (test_invalid_vpc_config_subnet's note).
  const securityGroupIds = idList(
    value.SecurityGroupIds,
    'vpcConfig.securityGroupIds',
    MAX_SECURITY_GROUPS,
    SECURITY_GROUP_ID,
    violations,
  );
  const subnetIds = idList(
    value.SubnetIds,
    'vpcConfig.subnetIds',
    MAX_SUBNETS,
    SUBNET_ID,
    violations,
  );
  const ipv6 = value.Ipv6AllowedForDualStack ?? false;
  if (typeof ipv6 !== 'boolean')
    fail(
      'InvalidParameterValueException',
      'VpcConfig.Ipv6AllowedForDualStack must be true or false.',
    );
  return { subnetIds, securityGroupIds, ipv6AllowedForDualStack: ipv6 };
}

/** An ARN or '' (removes it); undefined when the value removes the setting. */
function arnOrEmpty(value: unknown, field: string, violations: Violation[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 2048 || !matches(ARN_OR_EMPTY, value)) {
    violations.push({
      value: String(value),
      field,
      constraint: `Member must satisfy regular expression pattern: ${ARN_OR_EMPTY}`,
    });
    return undefined;
  }
  return value;
}

function deadLetterTarget(value: unknown, violations: Violation[]): string | undefined {
  if (!isJsonObject(value))
    fail(
      'InvalidParameterValueException',
      "DeadLetterConfig must be an object with TargetArn (an SQS queue's or SNS topic's ARN; empty to remove it).",
    );
  const arn = arnOrEmpty(value.TargetArn, 'deadLetterConfig.targetArn', violations);
  // Lambda sends failed events only to SQS or SNS; any other service's ARN is not a dead-letter queue.
  if (arn !== undefined && !/^arn:[^:]*:(sqs|sns):/.test(arn)) {
    fail(
      'InvalidParameterValueException',
      `The dead-letter queue ${arn} is neither an SQS queue nor an SNS topic. Give the ARN of one of them.`,
    );
  }
  return arn;
}

function fileSystemConfigs(
  value: unknown,
  violations: Violation[],
): StoredOnlySettings['fileSystemConfigs'] {
  if (value === null) return [];
  if (!Array.isArray(value))
    fail(
      'InvalidParameterValueException',
      'FileSystemConfigs must be a list of { Arn, LocalMountPath }.',
    );
  if (value.length > 1)
    violations.push({
      value: shownList(value.map((v) => JSON.stringify(v))),
      field: 'fileSystemConfigs',
      constraint: 'Member must have length less than or equal to 1',
    });
  return value.map((config: unknown, index) => {
    const { Arn: arn, LocalMountPath: path } = isJsonObject(config) ? config : {};
    const at = `fileSystemConfigs.${index + 1}.member`;
    if (typeof arn !== 'string')
      violations.push({ value: null, field: `${at}.arn`, constraint: 'Member must not be null' });
    else if (arn.length > 256 || !matches(FILE_SYSTEM_ARN, arn))
      violations.push({
        value: arn,
        field: `${at}.arn`,
        constraint: `Member must satisfy regular expression pattern: ${FILE_SYSTEM_ARN}`,
      });
    if (typeof path !== 'string')
      violations.push({
        value: null,
        field: `${at}.localMountPath`,
        constraint: 'Member must not be null',
      });
    else if (path.length > 160 || !matches(LOCAL_MOUNT_PATH, path))
      violations.push({
        value: path,
        field: `${at}.localMountPath`,
        constraint: `Member must satisfy regular expression pattern: ${LOCAL_MOUNT_PATH}`,
      });
    return { arn: String(arn), localMountPath: String(path) };
  });
}

function tracingMode(
  value: unknown,
  violations: Violation[],
): 'Active' | 'PassThrough' | undefined {
  if (!isJsonObject(value))
    fail(
      'InvalidParameterValueException',
      'TracingConfig must be an object with Mode (Active or PassThrough).',
    );
  const mode = value.Mode;
  if (mode === undefined || mode === null) return undefined;
  if (typeof mode !== 'string' || !(TRACING_MODES as readonly string[]).includes(mode)) {
    violations.push({
      value: typeof mode === 'string' ? mode : JSON.stringify(mode),
      field: 'tracingConfig.mode',
      constraint: `Member must satisfy enum value set: [${TRACING_MODES.join(', ')}]`,
    });
    return undefined;
  }
  return mode as 'Active' | 'PassThrough';
}

/**
 * The settings a request gives, over `current` (those it leaves out stay as they are). All of the
 * request's constraint violations are answered at once, as AWS does.
 */
export function storedOnlySettings(
  body: Record<string, unknown>,
  current: StoredOnlySettings = {},
): StoredOnlySettings {
  const violations: Violation[] = [];
  const next: StoredOnlySettings = { ...current };
  const set = <K extends keyof StoredOnlySettings>(key: K, value: StoredOnlySettings[K]) => {
    if (
      value === undefined ||
      (Array.isArray(value) && value.length === 0 && key === 'fileSystemConfigs')
    )
      delete next[key];
    else next[key] = value;
  };
  if (body.VpcConfig !== undefined && body.VpcConfig !== null)
    set('vpcConfig', vpcConfig(body.VpcConfig, violations));
  if (body.DeadLetterConfig !== undefined && body.DeadLetterConfig !== null)
    set('deadLetterTargetArn', deadLetterTarget(body.DeadLetterConfig, violations));
  if (body.KMSKeyArn !== undefined)
    set('kmsKeyArn', arnOrEmpty(body.KMSKeyArn, 'kMSKeyArn', violations));
  if (body.FileSystemConfigs !== undefined)
    set('fileSystemConfigs', fileSystemConfigs(body.FileSystemConfigs, violations));
  if (body.TracingConfig !== undefined && body.TracingConfig !== null) {
    const mode = tracingMode(body.TracingConfig, violations);
    if (mode !== undefined) set('tracingMode', mode === 'Active' ? 'Active' : undefined);
  }
  validationErrors(violations);
  requireVpcForFileSystems(next, current);
  return next;
}

/**
 * A file system is reached through the function's VPC: AWS refuses an access point on a function
 * outside one, and taking a function out of its VPC while it references one. Messages: AWS's
 * (CloudFormation's failure quoted in github:aws-cloudformation/cfn-lint#4408; the update's
 * InvalidParameterValueException in github:aws/chalice#1453).
 */
function requireVpcForFileSystems(next: StoredOnlySettings, current: StoredOnlySettings): void {
  const accessPoint = next.fileSystemConfigs?.[0]?.arn;
  if (accessPoint === undefined || inVpc(next)) return;
  if (inVpc(current) && current.fileSystemConfigs?.some((f) => f.arn === accessPoint))
    fail(
      'InvalidParameterValueException',
      `Function VPC configuration cannot be removed with access point ${accessPoint} referenced.`,
    );
  fail(
    'InvalidParameterValueException',
    `Function must be configured to execute in a VPC to reference access point ${accessPoint}. Please update the function configuration to include VPC subnets and security groups.`,
  );
}

/** A VpcConfig with no subnets is how AWS shows a function taken out of its VPC. */
function inVpc(settings: StoredOnlySettings): boolean {
  return (settings.vpcConfig?.subnetIds.length ?? 0) > 0;
}

/** The stored settings of a version, as GetFunctionConfiguration shows them. */
export function renderStoredOnlySettings(version: VersionRecord): Record<string, unknown> {
  const {
    vpcConfig: vpc,
    deadLetterTargetArn,
    kmsKeyArn,
    fileSystemConfigs: fileSystems,
    tracingMode: mode,
  } = version;
  return {
    TracingConfig: { Mode: mode ?? 'PassThrough' },
    // No VPC is known here: VpcId is empty, as AWS shows it for a function taken out of its VPC.
    ...(vpc
      ? {
          VpcConfig: {
            SubnetIds: vpc.subnetIds,
            SecurityGroupIds: vpc.securityGroupIds,
            VpcId: '',
            Ipv6AllowedForDualStack: vpc.ipv6AllowedForDualStack,
          },
        }
      : {}),
    ...(deadLetterTargetArn ? { DeadLetterConfig: { TargetArn: deadLetterTargetArn } } : {}),
    ...(kmsKeyArn ? { KMSKeyArn: kmsKeyArn } : {}),
    ...(fileSystems?.length
      ? {
          FileSystemConfigs: fileSystems.map((f) => ({
            Arn: f.arn,
            LocalMountPath: f.localMountPath,
          })),
        }
      : {}),
  };
}
