// Where saved events live in a workspace: `.lambda-lens/events/<function>/<name>.json` (the
// pattern package.json's jsonValidation matches). Both parts come from users or from function
// names, so they are checked here and can never step out of that folder.
import { isPlainFunctionName, parseFunctionRef } from '../arn';
import { EventCatalogError } from './eventError';

export const SAVED_EVENTS_FOLDER = '.lambda-lens/events';
const EVENT_NAME = /^[A-Za-z0-9_-][A-Za-z0-9 ._-]{0,99}$/;

/** The workspace-relative path (POSIX separators) of a saved event; throws for unusable names. */
export function savedEventPath(functionNameOrArn: string, eventName: string): string {
  const fn = isPlainFunctionName(functionNameOrArn)
    ? functionNameOrArn
    : parseFunctionRef(functionNameOrArn)?.name;
  if (!fn)
    throw new EventCatalogError(`"${functionNameOrArn}" is not a function name or ARN`, 'function');
  const name = eventName.trim().replace(/\.json$/i, '');
  if (!EVENT_NAME.test(name) || name.endsWith('.')) {
    throw new EventCatalogError(
      'an event name is 1-100 letters, digits, spaces, dots, hyphens and underscores, not starting with a dot',
      'name',
    );
  }
  return `${SAVED_EVENTS_FOLDER}/${fn}/${name}.json`;
}

/** The function and event a workspace-relative path names, or undefined when it is not a saved event. */
export function parseSavedEventPath(
  relativePath: string,
): { functionName: string; eventName: string } | undefined {
  const m = /^\.lambda-lens\/events\/([^/]+)\/([^/]+)\.json$/.exec(
    relativePath.replace(/\\/g, '/'),
  );
  if (!m || !isPlainFunctionName(m[1]!) || !EVENT_NAME.test(m[2]!)) return undefined;
  return { functionName: m[1]!, eventName: m[2]! };
}
