// A web page in the user's browser can send requests to any loopback port under the port's own
// name (http://127.0.0.1:PORT/…), so the Host check alone does not stop it. Where connections
// cannot be traced to processes (macOS, Windows; forced here with LAMBDA_LENS_FORCE_PORTABLE=1),
// the Runtime API refuses what only browsers send (Origin, Sec-Fetch-Site and -Dest): a page cannot take an
// invocation's event, and the function's own runtime, which sends neither, goes on.
process.env.LAMBDA_LENS_FORCE_PORTABLE = '1';

import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestEndpoint, type TestEndpoint } from './endpoint';
import { createFunction, invoke } from './invokeKit';
import { hasCurl, PROBING_BOOTSTRAP, runtimeApiAddressOf } from './runtimeApiKit';

const skip = !hasCurl ? 'curl is needed for the custom runtime' : false;

let t: TestEndpoint;
before(async () => {
  t = await startTestEndpoint();
});
after(async () => {
  await t?.close();
});

/** What a page's fetch(url, { mode: 'no-cors' }) sends: the port's own Host, and the browser's headers. */
function browserRequest(
  address: string,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string } | 'no answer'> {
  const at = address.lastIndexOf(':');
  return new Promise((resolve) => {
    const req = request(
      {
        host: address.slice(0, at),
        port: Number(address.slice(at + 1)),
        method,
        path,
        headers: { host: address, 'user-agent': 'Mozilla/5.0', ...headers },
        timeout: 3_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve('no answer');
    });
    req.on('error', () => resolve('no answer'));
    req.end(method === 'POST' ? 'forged' : undefined);
  });
}

test(
  "a browser's request is refused before it can take an invocation; the runtime is served",
  { skip },
  async () => {
    await createFunction(
      t,
      'browsed',
      { bootstrap: { content: PROBING_BOOTSTRAP, mode: 0o755 } },
      { runtime: 'provided.al2023', handler: 'function.handler', timeout: 5 },
    );
    await invoke(t, 'browsed', { warm: true });
    const address = runtimeApiAddressOf('browsed');
    assert.ok(address);
    const next = '/2018-06-01/runtime/invocation/next';
    // A no-cors GET carries no Origin, but the Fetch Metadata every current browser sends.
    const pages: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty' },
      { origin: 'https://attacker.example' },
      { origin: 'null' },
    ];
    const stealing = pages.map((headers) => browserRequest(address, 'GET', next, headers));
    const answers = await Promise.all([
      ...stealing,
      browserRequest(address, 'POST', '/2018-06-01/runtime/invocation/x/response', {
        origin: 'https://attacker.example',
        'content-type': 'text/plain',
      }),
    ]);
    for (const answer of answers) {
      assert.notEqual(answer, 'no answer', 'refused at once, not waiting for an invocation');
      assert.equal(answer === 'no answer' ? 0 : answer.status, 403, JSON.stringify(answer));
      assert.match(
        answer === 'no answer'
          ? ''
          : (JSON.parse(answer.body) as { errorMessage: string }).errorMessage,
        /web browser/,
      );
    }
    // Node's own fetch sends Sec-Fetch-Mode, and a custom runtime may use it: that is served
    // (an unknown path: 404, past the checks).
    const nodeFetch = await browserRequest(address, 'GET', '/2018-06-01/runtime/ping', {
      'sec-fetch-mode': 'cors',
    });
    assert.equal(nodeFetch === 'no answer' ? 0 : nodeFetch.status, 404, JSON.stringify(nodeFetch));
    const out = await invoke(t, 'browsed', { after: true });
    assert.deepEqual((out.body as { echo: unknown }).echo, { after: true });
  },
);
