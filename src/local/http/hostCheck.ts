// DNS rebinding defence: a web page can make the browser send requests to 127.0.0.1 under its own
// host name, so only loopback names are accepted in the Host header.
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

/**
 * A Runtime API's Host: the address AWS_LAMBDA_RUNTIME_API names (127.0.0.1:PORT), or localhost
 * with the same port. No Host at all is an HTTP/1.0 client; browsers always send one.
 */
export function isRuntimeApiHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return true;
  const lower = host.toLowerCase();
  return lower === `127.0.0.1:${port}` || lower === `localhost:${port}`;
}

/**
 * A request a web browser sent: browsers add Origin (to every POST, and to CORS requests) and the
 * Fetch Metadata headers Sec-Fetch-Site and Sec-Fetch-Dest (to every request to a trustworthy
 * origin such as 127.0.0.1); no runtime client sends them. (Sec-Fetch-Mode is not one of the
 * signs: Node's own fetch sends it, and a custom runtime may use that.) A page can reach a
 * loopback port under the port's own name, which the Host check accepts, so this is what tells
 * its requests apart.
 */
export function isBrowserRequest(headers: Record<string, string | string[] | undefined>): boolean {
  return (
    headers.origin !== undefined ||
    headers['sec-fetch-site'] !== undefined ||
    headers['sec-fetch-dest'] !== undefined
  );
}
