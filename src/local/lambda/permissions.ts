// AddPermission, RemovePermission and GetPolicy: a function's resource-based policy, one per
// qualifier (the function itself, a version or an alias), stored and read back as AWS returns it.
// The local endpoint does not enforce it (every local caller holds the home's credentials); tools
// that grant S3, SNS or API Gateway the right to invoke a function work unchanged. Answers as AWS
// recorded them: LocalStack's AWS-validated snapshot tests/aws/services/lambda_/
// test_lambda_api.snapshot.json, TestLambdaPermissions::* (keys named below).
import { randomUUID } from 'node:crypto';
import { fail, validationErrors, type Violation } from '../../core/apiProblem';
import { functionArn, partitionOf } from '../../core/arn';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { FunctionRecord, PolicyRecord, PolicyStatement } from '../store/functionRecord';
import { checkRevision, jsonBody, optionalString } from './body';
import type { LambdaContext } from './context';
import { readFunctionRef } from './lookup';
import { arnOf } from './render';

const STATEMENT_ID = /^[a-zA-Z0-9-_]+$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;
/** The unqualified function's policy is kept under this key (AWS refuses `$LATEST` as a Qualifier here). */
const FUNCTION_KEY = '$LATEST';

interface Target {
  record?: FunctionRecord;
  name: string;
  qualifier?: string;
}

function target(ctx: LambdaContext, exchange: Exchange, functionName: string): Target {
  const { name, qualifier } = readFunctionRef(
    ctx,
    exchange,
    functionName,
    queryString(exchange, 'Qualifier'),
  );
  const record = ctx.functions.get(exchange.region, name);
  return { name, ...(record ? { record } : {}), ...(qualifier !== undefined ? { qualifier } : {}) };
}

/** AWS's not-found words for a qualifier: a version is a function, an alias is an alias. */
function qualifierMissing(
  ctx: LambdaContext,
  exchange: Exchange,
  name: string,
  qualifier: string,
): never {
  const arn = functionArn(
    partitionOf(exchange.region),
    exchange.region,
    ctx.account,
    name,
    qualifier,
  );
  fail(
    'ResourceNotFoundException',
    /^\d+$/.test(qualifier) || qualifier === '$LATEST'
      ? `Function not found: ${arn}`
      : `Cannot find alias arn: ${arn}`,
    404,
  );
}

function qualifierExists(record: FunctionRecord, qualifier: string | undefined): boolean {
  return (
    qualifier === undefined ||
    qualifier === '$LATEST' ||
    record.versions.some((v) => v.version === qualifier) ||
    record.aliases.some((a) => a.name === qualifier)
  );
}

/** The principal as a policy names it (add_permission_principal_*): "*", an account's root, an ARN or a service. */
function principalOf(principal: string, partition: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:${partition}:iam::${principal}:root` };
  if (/^arn:aws[a-zA-Z-]*:(iam|sts)::\d{12}:\S+$/.test(principal)) return { AWS: principal };
  if (/^[a-z0-9][a-z0-9.-]*\.amazon(aws)?\.com$/.test(principal)) return { Service: principal };
  // add_permission_principal_invalid
  fail(
    'InvalidParameterValueException',
    'The provided principal was invalid. Please check the principal and try again.',
  );
}

interface Requested {
  sid: string;
  action: string;
  principal: string;
  body: Record<string, unknown>;
}

/** The body's required members and their patterns, every violation in one answer (add_permission_invalid_statement_id). */
function requested(exchange: Exchange): Requested {
  const body = jsonBody(exchange);
  const violations: Violation[] = [];
  const required = (key: string, field: string, pattern?: RegExp, quoted?: string): string => {
    const value = optionalString(body, key);
    if (value === undefined)
      violations.push({ value: null, field, constraint: 'Member must not be null' });
    else if (pattern && !pattern.test(value))
      violations.push({
        value,
        field,
        constraint: `Member must satisfy regular expression pattern: ${quoted}`,
      });
    return value ?? '';
  };
  const sid = required('StatementId', 'statementId', STATEMENT_ID, '([a-zA-Z0-9-_]+)');
  const action = required('Action', 'action', ACTION, '(lambda:[*]|lambda:[a-zA-Z]+|[*])');
  const principal = required('Principal', 'principal', /^\S+$/, '[^\\s]+');
  validationErrors(violations);
  return { sid, action, principal, body };
}

function statementFor(wanted: Requested, resource: string, partition: string): PolicyStatement {
  const { body } = wanted;
  const sourceArn = optionalString(body, 'SourceArn');
  const authType = optionalString(body, 'FunctionUrlAuthType');
  if (authType !== undefined && wanted.action !== 'lambda:InvokeFunctionUrl') {
    fail(
      'InvalidParameterValueException',
      'FunctionUrlAuthType is only supported for lambda:InvokeFunctionUrl action',
    );
  }
  const equals: Record<string, string> = {};
  const sourceAccount = optionalString(body, 'SourceAccount');
  if (sourceAccount !== undefined) equals['AWS:SourceAccount'] = sourceAccount;
  if (authType !== undefined) equals['lambda:FunctionUrlAuthType'] = authType;
  const org = optionalString(body, 'PrincipalOrgID');
  if (org !== undefined) equals['aws:PrincipalOrgID'] = org;
  const token = optionalString(body, 'EventSourceToken');
  if (token !== undefined) equals['lambda:EventSourceToken'] = token;
  const viaUrl = body.InvokedViaFunctionUrl === true;
  const condition = {
    ...(Object.keys(equals).length > 0 ? { StringEquals: equals } : {}),
    ...(sourceArn !== undefined ? { ArnLike: { 'AWS:SourceArn': sourceArn } } : {}),
    ...(viaUrl ? { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } } : {}),
  };
  return {
    Sid: wanted.sid,
    Effect: 'Allow',
    Principal: principalOf(wanted.principal, partition),
    Action: wanted.action,
    Resource: resource,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

export function addPermission(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const wanted = requested(exchange);
  const { record, name, qualifier } = target(ctx, exchange, functionName);
  // add_permission_fn_doesnotexist, add_permission_fn_alias_doesnotexist, add_permission_fn_version_doesnotexist
  if (!record)
    fail(
      'ResourceNotFoundException',
      `Function not found: ${functionArn(partitionOf(exchange.region), exchange.region, ctx.account, name)}`,
      404,
    );
  // add_permission_fn_qualifier_latest
  if (qualifier === '$LATEST')
    fail(
      'InvalidParameterValueException',
      'We currently do not support adding policies for $LATEST.',
    );
  if (!qualifierExists(record, qualifier)) qualifierMissing(ctx, exchange, name, qualifier!);
  const key = qualifier ?? FUNCTION_KEY;
  const current = record.policies?.[key];
  checkRevision(optionalString(wanted.body, 'RevisionId'), current?.revisionId ?? '', 'GetPolicy');
  // add_permission_conflicting_statement_id
  if (current?.statements.some((s) => s.Sid === wanted.sid)) {
    fail(
      'ResourceConflictException',
      `The statement id (${wanted.sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      409,
    );
  }
  const statement = statementFor(
    wanted,
    arnOf(record, ctx.account, qualifier),
    partitionOf(record.region),
  );
  const policy: PolicyRecord = {
    revisionId: randomUUID(),
    statements: [...(current?.statements ?? []), statement],
  };
  ctx.functions.save({ ...record, policies: { ...record.policies, [key]: policy } });
  return json(201, { Statement: JSON.stringify(statement) });
}

export function removePermission(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  sid: string,
): Reply {
  const { record, name, qualifier } = target(ctx, exchange, functionName);
  // remove_permission_fn_doesnotexist, remove_permission_fn_alias_doesnotexist
  if (!record)
    fail(
      'ResourceNotFoundException',
      `No policy found for: ${functionArn(partitionOf(exchange.region), exchange.region, ctx.account, name, qualifier)}`,
      404,
    );
  if (!qualifierExists(record, qualifier)) qualifierMissing(ctx, exchange, name, qualifier!);
  const key = qualifier ?? FUNCTION_KEY;
  const current = record.policies?.[key];
  // remove_permission_policy_doesnotexist, remove_permission_exception_nonexisting_sid
  if (!current)
    fail('ResourceNotFoundException', 'No policy is associated with the given resource.', 404);
  if (!current.statements.some((s) => s.Sid === sid))
    fail('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`, 404);
  checkRevision(queryString(exchange, 'RevisionId'), current.revisionId, 'GetPolicy');
  const statements = current.statements.filter((s) => s.Sid !== sid);
  // The policy goes with its last statement (get_policy_exception_removed_all).
  const { [key]: _removed, ...others } = record.policies ?? {};
  ctx.functions.save({
    ...record,
    policies:
      statements.length > 0
        ? { ...others, [key]: { revisionId: randomUUID(), statements } }
        : others,
  });
  return { status: 204 };
}

export function getPolicy(ctx: LambdaContext, exchange: Exchange, functionName: string): Reply {
  const { record, qualifier } = target(ctx, exchange, functionName);
  const policy =
    record && qualifierExists(record, qualifier)
      ? record.policies?.[qualifier ?? FUNCTION_KEY]
      : undefined;
  // get_policy_fn_doesnotexist, get_policy_fn_version_doesnotexist, get_policy_exception_removed_all
  if (!policy) fail('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
  return json(200, {
    Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: policy.statements }),
    RevisionId: policy.revisionId,
  });
}
