// Finding the function and version a request names, with Lambda's not-found errors.
import { fail, validationError } from '../../core/apiProblem';
import { FUNCTION_NAME_PATTERN, parseFunctionRef } from '../../core/arn';
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

export function findFunction(ctx: LambdaContext, exchange: Exchange, functionName: string): { record: FunctionRecord; qualifier?: string } {
  const ref = parseFunctionRef(functionName);
  if (!ref) validationError(functionName, 'functionName', `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`);
  const record = ctx.functions.get(exchange.region, ref.name);
  if (!record) {
    const arn = `arn:aws:lambda:${exchange.region}:${ctx.account}:function:${ref.name}${ref.qualifier ? `:${ref.qualifier}` : ''}`;
    fail('ResourceNotFoundException', `Function not found: ${arn}`, 404);
  }
  return { record, ...(ref.qualifier ? { qualifier: ref.qualifier } : {}) };
}

/** The function and version a FunctionName (with or without qualifier) plus ?Qualifier name. */
export function resolveFunction(ctx: LambdaContext, exchange: Exchange, functionName: string): Resolved {
  const { record, qualifier: inName } = findFunction(ctx, exchange, functionName);
  const inQuery = queryString(exchange, 'Qualifier');
  if (inName && inQuery && inName !== inQuery) {
    fail('InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
  }
  const qualifier = inName ?? inQuery;
  return { record, ...resolveQualifier(ctx.account, record, qualifier), ...(qualifier ? { qualifier } : {}) };
}

export function resolveQualifier(account: string, record: FunctionRecord, qualifier: string | undefined): { version: VersionRecord; alias?: AliasRecord } {
  if (qualifier === undefined || qualifier === '$LATEST') return { version: record.latest };
  const notFound = (): never => fail('ResourceNotFoundException', `Function not found: ${arnOf(record, account, qualifier)}`, 404);
  if (/^\d+$/.test(qualifier)) return { version: record.versions.find((v) => v.version === qualifier) ?? notFound() };
  const alias = record.aliases.find((a) => a.name === qualifier) ?? notFound();
  const version = alias.functionVersion === '$LATEST' ? record.latest : record.versions.find((v) => v.version === alias.functionVersion) ?? notFound();
  return { version, alias };
}
