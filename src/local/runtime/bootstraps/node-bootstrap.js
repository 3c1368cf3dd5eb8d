// The Node.js runtime for local execution environments: loads the handler (CommonJS or ES
// module), then loops on the Lambda Runtime API, as Lambda's own Node.js runtime does.
// Runs inside the function's process: plain JavaScript, no dependencies.
'use strict';
const http = require('node:http');
const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

const [apiHost, apiPort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true });
const taskRoot = process.env.LAMBDA_TASK_ROOT;
const jsonLogs = process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON';
let currentRequestId;

function request(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: apiHost, port: apiPort, method, path: `/2018-06-01/runtime/${route}`, agent, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// console.* as Lambda formats it: "<time>\t<request id>\t<LEVEL>\t<message>" (or one JSON object),
// with newlines inside a message turned into "\r" so that one message is one log event.
function patchConsole() {
  const write = (level, args) => {
    const message = util.format(...args);
    const line = jsonLogs
      ? JSON.stringify({ timestamp: new Date().toISOString(), level, requestId: currentRequestId, message })
      : `${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${message}`;
    fs.writeSync(1, `${line.replace(/\n/g, '\r')}\n`);
  };
  console.log = (...a) => write('INFO', a);
  console.info = (...a) => write('INFO', a);
  console.warn = (...a) => write('WARN', a);
  console.error = (...a) => write('ERROR', a);
  console.debug = (...a) => write('DEBUG', a);
  console.trace = (...a) => write('TRACE', a);
}

function serializeError(error) {
  if (error instanceof Error) {
    return { errorType: error.name === 'Error' && error.constructor?.name ? error.constructor.name : error.name, errorMessage: error.message, trace: String(error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error === 'object' && error ? 'Error' : 'string', errorMessage: typeof error === 'string' ? error : JSON.stringify(error), trace: [] };
}

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

function findModule(moduleName) {
  const base = path.resolve(taskRoot, moduleName);
  for (const extension of ['.js', '.mjs', '.cjs']) if (fs.existsSync(base + extension)) return base + extension;
  return undefined;
}

function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try { return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module'; } catch { return false; }
    }
    if (dir === path.dirname(dir) || !dir.startsWith(taskRoot)) return false;
  }
}

async function loadHandler() {
  const spec = process.env._HANDLER ?? '';
  const lastSlash = spec.lastIndexOf('/');
  const dot = spec.indexOf('.', lastSlash + 1);
  if (dot < 0) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${spec}: expected FILE.FUNCTION`);
  const moduleName = spec.slice(0, dot);
  const functionPath = spec.slice(dot + 1).split('.');
  const file = findModule(moduleName);
  if (!file) throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${__filename}`);
  let loaded;
  try {
    loaded = isEsm(file) ? await import(pathToFileURL(file).href) : require(file);
  } catch (error) {
    if (error instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) throw new RuntimeError('Runtime.ImportModuleError', `Error: ${error.message}`);
    throw error;
  }
  let handler = loaded;
  for (const part of functionPath) handler = handler?.[part];
  if (handler === undefined && loaded?.default) {
    handler = loaded.default;
    for (const part of functionPath) handler = handler?.[part];
  }
  if (handler === undefined) throw new RuntimeError('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  if (typeof handler !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${spec} is not a function`);
  return handler;
}

function contextFor(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  if (headers['lambda-runtime-client-context']) context.clientContext = JSON.parse(headers['lambda-runtime-client-context']);
  if (headers['lambda-runtime-cognito-identity']) context.identity = JSON.parse(headers['lambda-runtime-cognito-identity']);
  return context;
}

/** Runs the handler: async (returns a promise) or callback style (three parameters). */
function callHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error, result) => {
      if (settled) return;
      settled = true;
      const settle = () => (error !== undefined && error !== null ? reject(error) : resolve(result));
      // Callback handlers answer once the event loop is empty, unless told not to wait.
      if (handler.length >= 3 && context.callbackWaitsForEmptyEventLoop) process.once('beforeExit', settle);
      else settle();
    };
    context.done = finish;
    context.succeed = (result) => finish(null, result);
    context.fail = (error) => finish(error ?? new Error('handled'));
    try {
      const returned = handler(event, context, finish);
      if (returned && typeof returned.then === 'function') returned.then((r) => finish(null, r), (e) => finish(e ?? new Error('rejected')));
      else if (handler.length < 3) finish(null, returned);
    } catch (error) {
      finish(error);
    }
  });
}

async function main() {
  patchConsole();
  let handler;
  try {
    handler = await loadHandler();
  } catch (error) {
    const body = JSON.stringify(serializeError(error));
    console.error(`${jsonLogs ? '' : 'Uncaught Exception \t'}${body}`);
    await request('POST', 'init/error', body, { 'lambda-runtime-function-error-type': error.name ?? 'Runtime.Unknown', 'content-type': 'application/json' });
    process.exit(1);
  }
  for (;;) {
    const next = await request('GET', 'invocation/next');
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] ?? '';
    let event;
    try {
      event = JSON.parse(next.body.toString('utf8'));
    } catch {
      event = next.body.toString('utf8');
    }
    try {
      const result = await callHandler(handler, event, contextFor(next.headers));
      let body;
      try {
        body = JSON.stringify(result === undefined ? null : result);
      } catch (error) {
        throw new RuntimeError('Runtime.MalformedHandlerResponse', `Unable to stringify response body: ${error.message}`);
      }
      await request('POST', `invocation/${encodeURIComponent(requestId)}/response`, body, { 'content-type': 'application/json' });
    } catch (error) {
      const serialized = serializeError(error);
      console.error(`Invoke Error \t${JSON.stringify(serialized)}`);
      await request('POST', `invocation/${encodeURIComponent(requestId)}/error`, JSON.stringify(serialized), {
        'content-type': 'application/json',
        'lambda-runtime-function-error-type': serialized.errorType,
      });
    }
    currentRequestId = undefined;
  }
}

process.on('unhandledRejection', (reason) => {
  console.error(`Unhandled Promise Rejection \t${JSON.stringify(serializeError(reason))}`);
});

main().catch((error) => {
  fs.writeSync(2, `Lambda Lens runtime failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
