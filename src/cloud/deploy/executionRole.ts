// "Create a basic execution role": lambda-lens-<function>-role, trusted by Lambda, with
// AWSLambdaBasicExecutionRole attached. An existing role of that name is reused (and the policy
// attached again, which IAM does idempotently), so a retried first deploy creates nothing twice.
import {
  BASIC_EXECUTION_POLICY_ARN,
  basicRoleName,
  LAMBDA_TRUST_POLICY,
} from '../../core/deploy/executionRole';
import { iamClientFor, type ConnectionTarget } from '../clients';
import { loadIamSdk } from '../iamSdk';

export interface BasicRole {
  readonly roleName: string;
  readonly arn: string;
  /** False when a role of that name was there already. */
  readonly created: boolean;
}

export async function ensureBasicExecutionRole(
  connection: ConnectionTarget,
  functionName: string,
  onProgress?: (message: string) => void,
): Promise<BasicRole> {
  const { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, NoSuchEntityException } =
    loadIamSdk();
  const iam = iamClientFor(connection);
  const roleName = basicRoleName(functionName);
  try {
    let arn: string | undefined;
    let created = false;
    try {
      arn = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn;
    } catch (error) {
      if (
        !(error instanceof NoSuchEntityException) &&
        (error as { name?: string }).name !== 'NoSuchEntity'
      )
        throw error;
    }
    if (!arn) {
      onProgress?.(`Creating the execution role ${roleName} (trusted by lambda.amazonaws.com)`);
      const role = await iam.send(
        new CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
          Description: `Execution role of the Lambda function ${functionName}, created by lambda-lens: logs to CloudWatch Logs only.`,
        }),
      );
      arn = role.Role?.Arn;
      created = true;
    }
    if (!arn) throw new Error(`IAM did not return the ARN of ${roleName}.`);
    onProgress?.(`Attaching AWSLambdaBasicExecutionRole to ${roleName}`);
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: BASIC_EXECUTION_POLICY_ARN }),
    );
    return { roleName, arn, created };
  } finally {
    iam.destroy();
  }
}
