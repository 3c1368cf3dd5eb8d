// Finding the function and version a request names, with Lambda's validation and not-found errors.
// Every operation that takes a FunctionName comes through findFunction, so that what AWS checks
// before looking (the pattern, the region and account of an ARN, a qualifier given twice) is
// checked once for all of them.
import { fail, validationErrors, type Violation } from '../../core/apiProblem';
import {
  FUNCTION_REF_PATTERN,
  QUALIFIER_MAX_LENGTH,
  QUALIFIER_PATTERN,
  functionArn,
  isValidQualifier,
  matchFunctionRef,
  partitionOf,
  type FunctionRef,
} from '../../core/arn';
import type { Exchange } from '../http/exchange';
import { queryString } from '../http/exchange';
import type { AliasRecord, FunctionRecord, VersionRecord } from '../store/functionRecord';
import type { LambdaContext } from './context';
import { arnOf } from './render';

export interface Resolved {
  readonly record: FunctionRecord;
  readonly version: VersionRecord;
  readonly alias?: AliasRecord;
  /** The qualifier as the caller gave it (version or alias), if any. */
  readonly qualifier?: string;
}

/**
 * Which qualifier AWS keeps in an operation's "Function not found" message: the one asked for
 * (GetFunction), `$LATEST` when none was (Invoke, PutFunctionConcurrency), or none (DeleteFunction).
 */
export type NotFoundQualifier = 'asked' | 'latest' | 'none';

export interface LookupOptions {
  /** The operation's Qualifier parameter, already validated by the caller when its pattern differs. */
  readonly qualifier?: string;
  readonly notFound?: NotFoundQualifier;
}

/** The parameter violations AWS reports for a FunctionName and a Qualifier, all in one answer. */
export function nameViolations(functionName: string, qualifier?: string): Violation[] {
  const violations: Violation[] = [];
  if (!matchFunctionRef(functionName)) {
    violations.push({
      value: functionName,
      field: 'functionName',
      constraint: `Member must satisfy regular expression pattern: ${FUNCTION_REF_PATTERN}`,
    });
  }
  if (qualifier !== undefined) violations.push(...qualifierViolations(qualifier));
  return violations;
}

export function qualifierViolations(qualifier: string): Violation[] {
  if (qualifier.length > QUALIFIER_MAX_LENGTH)
    return [
      {
        value: qualifier,
        field: 'qualifier',
        constraint: `Member must have length less than or equal to ${QUALIFIER_MAX_LENGTH}`,
      },
    ];
  if (qualifier.length === 0)
    return [
      {
        value: qualifier,
        field: 'qualifier',
        constraint: 'Member must have length greater than or equal to 1',
      },
    ];
  if (!isValidQualifier(qualifier))
    return [
      {
        value: qualifier,
        field: 'qualifier',
        constraint: `Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`,
      },
    ];
  return [];
}

/**
 * A FunctionName (name, partial or full ARN) of this endpoint's region and account: another region
 * is not reachable (404, as AWS), another account not authorized (403), as AWS answers; never
 * the function of the same name here.
 */
export function checkReachable(
  ctx: LambdaContext,
  exchange: Exchange,
  ref: FunctionRef,
  given: string,
): void {
  if (ref.region !== undefined && ref.region !== exchange.region) {
    fail(
      'ResourceNotFoundException',
      `Functions from '${ref.region}' are not reachable in this region ('${exchange.region}')`,
      404,
    );
  }
  if (ref.account !== undefined && ref.account !== ctx.account) {
    const action = `lambda:${exchange.operation ?? 'GetFunction'}`;
    const resource = given.startsWith('arn:')
      ? given
      : functionArn(
          partitionOf(exchange.region),
          exchange.region,
          ref.account,
          ref.name,
          ref.qualifier,
        );
    fail(
      'AccessDeniedException',
      `User: arn:aws:iam::${ctx.account}:user/lambda-lens-local is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`,
      403,
    );
  }
}

/** The name and qualifier a request means, after every check AWS makes before looking the function up. */
export function readFunctionRef(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  qualifierParam?: string,
  checkQualifier = true,
): { name: string; qualifier?: string } {
  validationErrors(
    checkQualifier ? nameViolations(functionName, qualifierParam) : nameViolations(functionName),
  );
  const ref = matchFunctionRef(functionName)!;
  checkReachable(ctx, exchange, ref, functionName);
  if (
    ref.qualifier !== undefined &&
    qualifierParam !== undefined &&
    ref.qualifier !== qualifierParam
  ) {
    fail(
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  }
  const qualifier = ref.qualifier ?? qualifierParam;
  return { name: ref.name, ...(qualifier !== undefined ? { qualifier } : {}) };
}

export function notFoundArn(
  ctx: LambdaContext,
  exchange: Exchange,
  name: string,
  qualifier: string | undefined,
  notFound: NotFoundQualifier,
): string {
  const kept =
    notFound === 'none' ? undefined : notFound === 'latest' ? (qualifier ?? '$LATEST') : qualifier;
  return functionArn(partitionOf(exchange.region), exchange.region, ctx.account, name, kept);
}

export function findFunction(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  options: LookupOptions = {},
): { record: FunctionRecord; qualifier?: string } {
  const { name, qualifier } = readFunctionRef(ctx, exchange, functionName, options.qualifier);
  const record = ctx.functions.get(exchange.region, name);
  if (!record)
    fail(
      'ResourceNotFoundException',
      `Function not found: ${notFoundArn(ctx, exchange, name, qualifier, options.notFound ?? 'asked')}`,
      404,
    );
  return { record, ...(qualifier !== undefined ? { qualifier } : {}) };
}

/** The function and version a FunctionName (with or without qualifier) plus ?Qualifier name. */
export function resolveFunction(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
  notFound: NotFoundQualifier = 'asked',
): Resolved {
  const { record, qualifier } = findFunction(ctx, exchange, functionName, {
    notFound,
    ...optionalQualifier(queryString(exchange, 'Qualifier')),
  });
  return {
    record,
    ...resolveQualifier(ctx.account, record, qualifier),
    ...(qualifier ? { qualifier } : {}),
  };
}

export function optionalQualifier(qualifier: string | undefined): { qualifier?: string } {
  return qualifier !== undefined ? { qualifier } : {};
}

export function resolveQualifier(
  account: string,
  record: FunctionRecord,
  qualifier: string | undefined,
): { version: VersionRecord; alias?: AliasRecord } {
  if (qualifier === undefined || qualifier === '$LATEST') return { version: record.latest };
  const notFound = (): never =>
    fail(
      'ResourceNotFoundException',
      `Function not found: ${arnOf(record, account, qualifier)}`,
      404,
    );
  if (/^\d+$/.test(qualifier))
    return { version: record.versions.find((v) => v.version === qualifier) ?? notFound() };
  const alias = record.aliases.find((a) => a.name === qualifier) ?? notFound();
  const version =
    alias.functionVersion === '$LATEST'
      ? record.latest
      : (record.versions.find((v) => v.version === alias.functionVersion) ?? notFound());
  return { version, alias };
}
