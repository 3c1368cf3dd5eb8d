// The execution role a first deploy can create for a function (as the Lambda console does): its
// name, the trust policy that lets Lambda assume it and the managed policy that lets it write
// logs; and the placeholder role sent to endpoints that are not AWS, which never check it.

/** AWS's managed policy: CloudWatch Logs groups, streams and events, nothing else. */
export const BASIC_EXECUTION_POLICY_ARN =
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** Sent as CreateFunction's Role to a non-AWS endpoint (LocalStack, a custom one) when none is configured. */
export const PLACEHOLDER_ROLE_ARN = 'arn:aws:iam::000000000000:role/lambda-lens-placeholder';

/** The message Lambda gives while a new role has not reached it yet (IAM is eventually consistent). */
export const ROLE_NOT_ASSUMABLE = /cannot be assumed by Lambda/i;

const ROLE_NAME_MAX = 64;

/** `lambda-lens-<function>-role`, the function's name shortened so the whole fits IAM's 64 characters. */
export function basicRoleName(functionName: string): string {
  const prefix = 'lambda-lens-';
  const suffix = '-role';
  return `${prefix}${functionName.slice(0, ROLE_NAME_MAX - prefix.length - suffix.length)}${suffix}`;
}

/** Lets the Lambda service, and only it, assume the role. */
export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
