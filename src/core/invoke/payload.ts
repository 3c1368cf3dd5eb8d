// An invoke's payload, checked before anything is sent: it must be JSON (Lambda accepts other
// bytes, but every runtime parses the event as JSON, so a typo would only fail inside the
// function) and within Lambda's payload limit for the invocation type.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ASYNC_PAYLOAD_MAX_BYTES, SYNC_PAYLOAD_MAX_BYTES } from '../limits';

export type InvocationType = 'RequestResponse' | 'Event';

export type PayloadCheck =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | {
      readonly ok: false;
      readonly message: string;
      readonly line?: number;
      readonly column?: number;
    };

const MB = 1024 * 1024;

export function payloadLimitBytes(type: InvocationType): number {
  return type === 'Event' ? ASYNC_PAYLOAD_MAX_BYTES : SYNC_PAYLOAD_MAX_BYTES;
}

/** `source` names the payload in messages (a file name, "the editor", …). */
export function checkPayload(
  text: string,
  type: InvocationType,
  source = 'The event',
): PayloadCheck {
  const bytes = new TextEncoder().encode(text);
  const limit = payloadLimitBytes(type);
  if (bytes.length > limit) {
    const kind = type === 'Event' ? 'an asynchronous (Event)' : 'a synchronous';
    return {
      ok: false,
      message: `${source} is ${(bytes.length / MB).toFixed(2)} MB: Lambda accepts at most ${limit / MB} MB for ${kind} invoke. Make the event smaller.`,
    };
  }
  if (!text.trim())
    return { ok: false, message: `${source} is empty: write a JSON event (for example {}).` };
  try {
    JSON.parse(text);
    return { ok: true, bytes };
  } catch {
    return { ok: false, ...locateJsonError(text, source) };
  }
}

/** Where strict JSON breaks, as 1-based line and column (JSON.parse's messages do not say reliably). */
function locateJsonError(
  text: string,
  source: string,
): { message: string; line: number; column: number } {
  const errors: ParseError[] = [];
  parse(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const offset = errors[0]?.offset ?? 0;
  const what = errors[0] ? describeCode(printParseErrorCode(errors[0].error)) : 'invalid JSON';
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return {
    message: `${source} is not valid JSON: ${what} at line ${line}, column ${column}. Nothing was sent.`,
    line,
    column,
  };
}

function describeCode(code: string): string {
  // "PropertyNameExpected" → "property name expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
