// Turns what the SDK throws while listing into a message that says what to do, and the action
// the tree offers. Never includes credentials: only the error's name and the connection's names.
import type { ConnectionDescriptor } from './connections';

export type FixAction =
  | { kind: 'retry' }
  | { kind: 'ssoLogin'; command: string }
  | { kind: 'configure'; command: string }
  | { kind: 'none' };

export interface ConnectionProblem {
  readonly message: string;
  readonly action: FixAction;
}

interface ErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
  readonly cause?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const NETWORK_CODES =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up/;

function text(error: ErrorLike): string {
  const cause = error.cause as ErrorLike | undefined;
  return [error.name, error.code, error.message, cause?.code, cause?.message]
    .filter(Boolean)
    .join(' ');
}

export function describeConnectionError(
  error: unknown,
  connection: Pick<ConnectionDescriptor, 'kind' | 'label' | 'profile' | 'endpoint'>,
  region: string,
): ConnectionProblem {
  const e = (error ?? {}) as ErrorLike;
  const all = text(e);
  const profile = connection.profile;
  if (/sso/i.test(all) && /expired|refresh|token|login/i.test(all) && profile) {
    return {
      message: `The SSO session of profile "${profile}" has expired: sign in again, then retry.`,
      action: { kind: 'ssoLogin', command: `aws sso login --profile ${profile}` },
    };
  }
  if (
    e.name === 'CredentialsProviderError' ||
    /Could not load credentials|Unable to find .*credentials|no credentials/i.test(all)
  ) {
    const who = profile ? `profile "${profile}"` : connection.label;
    return {
      message: `No credentials for ${who}: set them up, then retry.`,
      action: {
        kind: 'configure',
        command: profile ? `aws configure --profile ${profile}` : 'aws configure',
      },
    };
  }
  if (/ExpiredToken|TokenRefreshRequired/.test(all)) {
    return {
      message: `The credentials of ${profile ? `profile "${profile}"` : connection.label} have expired: refresh them, then retry.`,
      action: profile
        ? { kind: 'configure', command: `aws configure --profile ${profile}` }
        : { kind: 'retry' },
    };
  }
  if (
    /AccessDenied|UnauthorizedOperation|not authorized/i.test(all) ||
    e.$metadata?.httpStatusCode === 403
  ) {
    if (
      /UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch|InvalidClientTokenId/.test(all)
    ) {
      return {
        message: `${connection.label} rejected the credentials in ${region} (${e.name ?? 'invalid signature'}): check the access key and secret.`,
        action: { kind: 'retry' },
      };
    }
    return {
      message: `Access denied in ${region}: the credentials may not call lambda:ListFunctions there.`,
      action: { kind: 'retry' },
    };
  }
  if (/UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch|InvalidClientTokenId/.test(all)) {
    return {
      message: `${connection.label} rejected the credentials in ${region} (${e.name}): check the access key and secret.`,
      action: { kind: 'retry' },
    };
  }
  if (NETWORK_CODES.test(all) || e.name === 'TimeoutError') {
    const where =
      connection.endpoint ??
      (connection.kind === 'local' ? 'the local endpoint' : `Lambda in ${region}`);
    return {
      message: `Cannot reach ${where}: check that it is running and the network, then retry.`,
      action: { kind: 'retry' },
    };
  }
  if (/Throttling|TooManyRequests|Rate exceeded/i.test(all)) {
    return {
      message: `Lambda in ${region} is throttling requests: retry in a moment.`,
      action: { kind: 'retry' },
    };
  }
  return {
    message: `Listing failed in ${region}: ${e.name ?? 'Error'}${e.message ? `: ${e.message}` : ''}`,
    action: { kind: 'retry' },
  };
}
