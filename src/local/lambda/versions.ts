// PublishVersion and ListVersionsByFunction.
import { randomUUID } from 'node:crypto';
import { fail } from '../../core/apiProblem';
import { lambdaTimestamp } from '../../core/awsTime';
import { LIST_FUNCTIONS_MAX_ITEMS } from '../../core/limits';
import { json, queryString, type Exchange, type Reply } from '../http/exchange';
import type { FunctionRecord, VersionRecord } from '../store/functionRecord';
import { checkRevision, jsonBody, optionalString } from './body';
import type { LambdaContext } from './context';
import { findFunction } from './lookup';
import { renderConfiguration } from './render';
import { apiRevision, refuseWhileSettling, withNewApiRevision, withoutSettling } from './settling';

/** The configuration fields that make two versions the same (what AWS compares before publishing). */
function sameContent(a: VersionRecord, b: VersionRecord): boolean {
  const {
    version: _v1,
    lastModified: _l1,
    revisionId: _r1,
    description: _d1,
    settling: _s1,
    ...restA
  } = a;
  const {
    version: _v2,
    lastModified: _l2,
    revisionId: _r2,
    description: _d2,
    settling: _s2,
    ...restB
  } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/** Publishes $LATEST as a new version, or returns the newest version when nothing changed. Mutates record. */
export function publishVersion(record: FunctionRecord, description: string): VersionRecord {
  const newest = record.versions[record.versions.length - 1];
  if (newest && sameContent(newest, record.latest)) return newest;
  const version: VersionRecord = {
    ...withoutSettling(record.latest),
    version: String(record.nextVersion),
    description: description || record.latest.description,
    lastModified: lambdaTimestamp(new Date()),
    revisionId: randomUUID(),
  };
  record.versions = [...record.versions, version];
  record.nextVersion += 1;
  return version;
}

export function publishVersionApi(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const body = jsonBody(exchange);
  refuseWhileSettling(record, ctx.account);
  checkRevision(optionalString(body, 'RevisionId'), apiRevision(record.latest));
  const codeSha256 = optionalString(body, 'CodeSha256');
  if (codeSha256 !== undefined && codeSha256 !== record.latest.codeSha256) {
    fail(
      'InvalidParameterValueException',
      `CodeSHA256 (${codeSha256}) is different from current CodeSHA256 in $LATEST (${record.latest.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
  }
  const updated: FunctionRecord = { ...record };
  const version = publishVersion(updated, optionalString(body, 'Description') ?? '');
  if (updated.versions !== record.versions)
    ctx.functions.save({ ...updated, latest: withNewApiRevision(updated.latest) });
  return json(201, renderConfiguration(updated, version, ctx.account));
}

export function listVersionsByFunction(
  ctx: LambdaContext,
  exchange: Exchange,
  functionName: string,
): Reply {
  const { record } = findFunction(ctx, exchange, functionName);
  const all = [record.latest, ...record.versions];
  const { items, nextMarker } = pageOf(
    all,
    queryString(exchange, 'Marker'),
    queryString(exchange, 'MaxItems'),
  );
  return json(200, {
    Versions: items.map((v) => renderConfiguration(record, v, ctx.account)),
    ...(nextMarker ? { NextMarker: nextMarker } : {}),
  });
}

/** MaxItems as Lambda's list APIs take it: 1–10,000, pages of at most 50. */
export function pageSizeOf(maxItems: string | undefined): number {
  if (maxItems === undefined) return LIST_FUNCTIONS_MAX_ITEMS;
  const n = Number(maxItems);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    fail(
      'ValidationException',
      `1 validation error detected: Value '${maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`,
    );
  }
  return Math.min(n, LIST_FUNCTIONS_MAX_ITEMS);
}

/** Offset paging with an opaque marker, pages of at most 50 as Lambda's list APIs. */
export function pageOf<T>(
  items: readonly T[],
  marker: string | undefined,
  maxItems: string | undefined,
): { items: T[]; nextMarker?: string } {
  let start = 0;
  if (marker !== undefined) {
    start = Number(Buffer.from(marker, 'base64url').toString());
    if (!Number.isInteger(start) || start < 0)
      fail(
        'InvalidParameterValueException',
        'Invalid Marker: pass the NextMarker of the previous page.',
      );
  }
  const end = start + pageSizeOf(maxItems);
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextMarker: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}
