// Parameter definitions shared by many entries, and the check of a value against its kind. Every
// value comes from a user (a prompt, a command line), so each kind refuses what would make the
// event inconsistent and says what to pass instead.
import { SYNC_PAYLOAD_MAX_BYTES } from '../limits';
import { REGION_PATTERN } from '../regions';
import type { EventParameter, ParameterKind } from './eventDefinition';
import { EventCatalogError } from './eventError';
import { errorMessage } from '../errorMessage';
import { isJsonObject } from '../jsonObject';

/** A value may be as large as a synchronous invoke payload, and no larger. */
export const MAX_PARAMETER_BYTES = SYNC_PAYLOAD_MAX_BYTES;
export const PARTITIONS = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
] as const;
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export function param(
  kind: ParameterKind,
  description: string,
  defaultValue: string,
  choices?: readonly string[],
): EventParameter {
  return { kind, description, default: defaultValue, ...(choices ? { choices } : {}) };
}

export const ACCOUNT = { account: param('account', 'AWS account id (12 digits)', '123456789012') };
export const REGION = { region: param('region', 'AWS region', 'us-east-1') };
export const PARTITION = {
  partition: param(
    'partition',
    "ARN partition; when not given, the region's own (aws, aws-cn, aws-us-gov)",
    'aws',
    PARTITIONS,
  ),
};
/** Account, region and partition: what every ARN is built from. */
export const LOCATION = { ...ACCOUNT, ...REGION, ...PARTITION };

/** Checks one value against its parameter; throws naming the parameter and what it accepts. */
export function checkValue(name: string, parameter: EventParameter, value: string): void {
  const refuse = (what: string): never => {
    throw new EventCatalogError(`${name} ${what} (got ${preview(value)})`, name);
  };
  if (Buffer.byteLength(value, 'utf8') > MAX_PARAMETER_BYTES)
    refuse(`must be at most 6 MB, the Lambda invoke payload limit`);
  switch (parameter.kind) {
    case 'text':
      return;
    case 'account':
      if (!/^\d{12}$/.test(value)) refuse('must be a 12-digit AWS account id such as 123456789012');
      return;
    case 'region':
      if (!REGION_PATTERN.test(value)) refuse('must be a region name such as eu-west-1');
      return;
    case 'partition':
    case 'choice':
      if (!(parameter.choices ?? []).includes(value))
        refuse(`must be one of ${(parameter.choices ?? []).join(', ')}`);
      return;
    case 'json':
    case 'jsonObject': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (error) {
        refuse(`must be JSON (${errorMessage(error)})`);
      }
      if (parameter.kind === 'jsonObject' && !isJsonObject(parsed))
        refuse('must be a JSON object such as {"key":"value"}');
      return;
    }
    case 'integer':
      if (!/^\d{1,15}$/.test(value)) refuse('must be a whole number such as 1024');
      return;
    case 'httpMethod':
      if (!HTTP_METHODS.includes(value))
        refuse(`must be an HTTP method: ${HTTP_METHODS.join(', ')}`);
      return;
    case 'path':
      if (!value.startsWith('/') || /[\s?#]/.test(value))
        refuse(
          'must be a path starting with / without spaces, ? or # (pass the query with --query)',
        );
      return;
    case 'query':
      if (/[\s#]/.test(value) || value.startsWith('?'))
        refuse('must be a query string such as a=1&b=2 (no leading ?, no spaces)');
      return;
    case 'headers': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        refuse(
          'must be a JSON object of header names to string values such as {"x-api-key":"abc"}',
        );
      }
      if (
        !isJsonObject(parsed) ||
        !Object.entries(parsed).every(
          ([k, v]) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) && typeof v === 'string',
        )
      ) {
        refuse(
          'must be a JSON object of header names to string values such as {"x-api-key":"abc"}',
        );
      }
      return;
    }
    case 'bucket':
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) || value.includes('..'))
        refuse('must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens');
      return;
    case 'resourceName':
      if (!/^[A-Za-z0-9_.-]{1,256}$/.test(value))
        refuse('must be a name of letters, digits, hyphens, underscores and dots (1-256)');
      return;
  }
}

function preview(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
