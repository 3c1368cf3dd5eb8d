// How the editor, the CLI and .lambda-lens/functions.json name a connection: one rule for all.
//   local          the local endpoint
//   environment    the credentials in the editor's environment variables
//   profile:NAME   an AWS profile
//   endpoint:NAME  a custom endpoint the editor's settings name (lambdaLens.endpoints)
//   endpoint:URL   a custom endpoint given by its URL (the CLI's --endpoint, which has no name)
// A recorded endpoint:URL names the configured endpoint with that URL, so what the CLI records
// the editor finds, and the other way round where the URL is what was recorded.

export const LOCAL_CONNECTION_ID = 'local';
export const ENVIRONMENT_CONNECTION_ID = 'environment';

const ID_PATTERN = /^(local|environment|profile:.+|endpoint:.+)$/;

export function profileConnectionId(profile: string): string {
  return `profile:${profile}`;
}

/** A configured endpoint's id by its name, or an endpoint's by its URL (written the same way each time). */
export function endpointConnectionId(nameOrUrl: string): string {
  return `endpoint:${isUrl(nameOrUrl) ? normalizedUrl(nameOrUrl) : nameOrUrl}`;
}

/** The id of the connection that command-line flags name: --endpoint URL, else --profile NAME, else local. */
export function connectionIdOf(flags: {
  readonly profile?: string | undefined;
  readonly endpoint?: string | undefined;
}): string {
  if (flags.endpoint !== undefined) return endpointConnectionId(flags.endpoint);
  return flags.profile !== undefined ? profileConnectionId(flags.profile) : LOCAL_CONNECTION_ID;
}

export function isConnectionId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/** What a recorded id is compared with: a connection's id and, for a custom endpoint, its URL. */
export interface NamedConnection {
  readonly id: string;
  readonly endpoint?: string | undefined;
}

/** Whether a recorded id (functions.json's "connection") names this connection. */
export function namesConnection(
  recorded: string | undefined,
  connection: NamedConnection,
): boolean {
  if (recorded === undefined) return false;
  if (recorded === connection.id) return true;
  const url = recorded.startsWith('endpoint:') ? recorded.slice('endpoint:'.length) : undefined;
  return (
    url !== undefined &&
    isUrl(url) &&
    connection.endpoint !== undefined &&
    sameUrl(url, connection.endpoint)
  );
}

/** The connection a recorded id names: the one with that id, else the endpoint with that URL. */
export function findConnection<C extends NamedConnection>(
  connections: readonly C[],
  recorded: string | undefined,
): C | undefined {
  if (recorded === undefined) return undefined;
  return (
    connections.find((c) => c.id === recorded) ??
    connections.find((c) => namesConnection(recorded, c))
  );
}

function isUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text);
}

/** Scheme and host in lower case, the scheme's own port left out, no trailing slash: `http://LocalHost:80/` → `http://localhost`. */
function normalizedUrl(url: string): string {
  try {
    return new URL(url).href.replace(/\/+$/, '');
  } catch {
    return url.replace(/\/+$/, '');
  }
}

function sameUrl(a: string, b: string): boolean {
  return normalizedUrl(a) === normalizedUrl(b);
}
