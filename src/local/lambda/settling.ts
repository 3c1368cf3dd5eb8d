// Lambda's short asynchronous phases after a change: a created function is Pending, then Active;
// an updated one is InProgress, then Successful; its RevisionId changes when the phase ends (as
// AWS's does: LocalStack's AWS-validated snapshot test_lambda_api.snapshot.json,
// TestLambdaFunction::test_lambda_code_location_zipfile, create → get). Meanwhile another update or
// PublishVersion is refused (ResourceConflictException), so SDK waiters and deploy tools that wait
// for them are exercised as against AWS. The phase is a deadline kept in the record, not a timer:
// nothing to cancel, and a record read after a restart is settled.
import { randomUUID } from 'node:crypto';
import { fail } from '../../core/apiProblem';
import type { FunctionRecord, VersionRecord } from '../store/functionRecord';
import { functionArn, partitionOf } from '../../core/arn';

/** How long the phase lasts: LAMBDA_LENS_SETTLE_MS (0–10,000), else 100 ms (AWS takes about a second or more). */
export function settleMs(): number {
  const given = Number(process.env.LAMBDA_LENS_SETTLE_MS);
  return process.env.LAMBDA_LENS_SETTLE_MS !== undefined &&
    Number.isInteger(given) &&
    given >= 0 &&
    given <= 10_000
    ? given
    : 100;
}

export function startSettling(
  kind: 'create' | 'update',
  now = Date.now(),
): NonNullable<VersionRecord['settling']> {
  return { kind, until: now + settleMs(), revisionAfter: randomUUID() };
}

export function isSettling(version: VersionRecord, now = Date.now()): boolean {
  return version.settling !== undefined && now < version.settling.until;
}

/** The RevisionId the API shows: a new one once the phase has ended. */
export function apiRevision(version: VersionRecord, now = Date.now()): string {
  return version.settling && !isSettling(version, now)
    ? version.settling.revisionAfter
    : version.revisionId;
}

/** A version as published or stored without its phase (published versions have none). */
export function withoutSettling(version: VersionRecord): VersionRecord {
  const { settling: _settling, ...rest } = version;
  return rest;
}

/**
 * UpdateFunctionCode, UpdateFunctionConfiguration and PublishVersion during an update's phase are
 * refused, as on AWS. (During a create's Pending phase AWS refuses them too; here they are taken, so
 * that scripts that create and at once publish or update keep working.)
 */
export function refuseWhileSettling(record: FunctionRecord, account: string): void {
  if (isSettling(record.latest) && record.latest.settling!.kind === 'update') {
    fail(
      'ResourceConflictException',
      `The operation cannot be performed at this time. An update is in progress for resource: ${functionArn(partitionOf(record.region), record.region, account, record.name)}`,
      409,
    );
  }
}

/**
 * $LATEST with a new RevisionId as the API shows it, its own (which warm environments are keyed by)
 * kept: PublishVersion changes it on AWS (test_lambda_api.snapshot.json,
 * TestLambdaRevisions::test_function_revisions_version_and_alias, get_function_active_rev2 → get_function_latest_rev3).
 */
export function withNewApiRevision(version: VersionRecord, now = Date.now()): VersionRecord {
  const settling =
    version.settling && isSettling(version, now)
      ? { ...version.settling, revisionAfter: randomUUID() }
      : { kind: 'update' as const, until: now, revisionAfter: randomUUID() };
  return { ...version, settling };
}
