// The Node.js runtime for local execution environments: loads the handler (CommonJS or ES
// module), then loops on the Lambda Runtime API, as Lambda's own Node.js runtime does
// (aws-lambda-nodejs-runtime-interface-client: the same handler lookup, callback semantics,
// error documents and console format). Runs inside the function's process: plain JavaScript,
// no dependencies.
'use strict';
const net = require('node:net');
const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');
const { pathToFileURL } = require('node:url');

// Read from the environment in configure(): a spare process learns it only when adopted.
let apiHost;
let apiPort;
let taskRoot;
let jsonLogs;
let currentRequestId;
/** Set in a debug environment only: the inspector's port. */
let debugPort;
/** (method, route, body?, headers?) => Promise<{ status, headers, body }>: over the channel when there is one, else HTTP. */
let request;
/**
 * (route, headers) => { write(chunk, callback), end(trailers) => Promise<answer> }: a request whose
 * body is sent as it is written (a streamed response), over the channel or chunked HTTP.
 */
let openStream;

function configure() {
  [apiHost, apiPort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
  taskRoot = process.env.LAMBDA_TASK_ROOT;
  jsonLogs = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
  const channelFd = process.env.LAMBDA_LENS_RUNTIME_CHANNEL_FD;
  // Not Lambda's: the function's code (and its child processes) should not see it.
  delete process.env.LAMBDA_LENS_RUNTIME_CHANNEL_FD;
  ({ request, openStream } = channelFd
    ? channelRequests(Number(channelFd))
    : { request: httpRequest, openStream: httpStream });
  debugPort = process.env.LAMBDA_LENS_DEBUG_PORT;
  delete process.env.LAMBDA_LENS_DEBUG_PORT;
}

/**
 * A spare process (started ahead of a cold start, see spareProcess.ts): say it is ready on fd 4,
 * then wait on stdin for the environment to become, and become it. stdin is closed afterwards, so
 * it cannot keep the event loop alive (callbackWaitsForEmptyEventLoop depends on it emptying).
 */
function becomeAssignedEnvironment() {
  return new Promise((resolve) => {
    try {
      fs.writeSync(4, 'ready\n');
      fs.closeSync(4);
    } catch {
      /* no readiness pipe: the parent measures from spawn */
    }
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => {
      text += chunk;
    });
    process.stdin.on('end', () => {
      process.stdin.destroy();
      if (!text.trim()) process.exit(0); // retired before it was needed
      const { env, cwd } = JSON.parse(text);
      for (const key of Object.keys(process.env)) delete process.env[key];
      Object.assign(process.env, env);
      process.chdir(cwd);
      require('node:module').Module._initPaths(); // NODE_PATH is read at start-up
      resolve();
    });
  });
}

// ---- the Runtime API: HTTP, or the endpoint's channel ---------------------------------------

const RUNTIME_PATH = '/2018-06-01/runtime/';
let agent;

function httpRequest(method, route, body, headers = {}) {
  const http = require('node:http'); // loaded only when run without the channel (by hand, as a custom runtime)
  agent ??= new http.Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: apiHost,
        port: apiPort,
        method,
        path: `${RUNTIME_PATH}${route}`,
        agent,
        headers: {
          ...headers,
          ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A streamed request over HTTP: chunked, its error in trailers, as Lambda's runtime client sends it. */
function httpStream(route, headers) {
  const http = require('node:http');
  agent ??= new http.Agent({ keepAlive: true, maxSockets: 1 });
  let answer;
  const answered = new Promise((resolve, reject) => {
    answer = { resolve, reject };
  });
  const req = http.request(
    {
      host: apiHost,
      port: apiPort,
      method: 'POST',
      path: `${RUNTIME_PATH}${route}`,
      agent,
      headers: { ...headers, 'transfer-encoding': 'chunked' },
    },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        answer.resolve({
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.concat(chunks),
        }),
      );
    },
  );
  req.on('error', (error) => answer.reject(error));
  return {
    write: (chunk, callback) => {
      if (req.write(chunk)) callback();
      else req.once('drain', callback);
    },
    end: (trailers) => {
      if (Object.keys(trailers).length) req.addTrailers(trailers);
      req.end();
      return answered;
    },
  };
}

/**
 * The same requests over the socket pair the endpoint gives our bootstraps (src/local/runtime/
 * runtimeFrames.ts describes the frames): u32 head length, u32 body length, JSON head, body. The
 * socket holds the event loop only while a request waits for its answer, as an idle keep-alive
 * HTTP socket does not.
 */
function channelRequests(fd) {
  const socket = new net.Socket({ fd, readable: true, writable: true });
  socket.unref();
  const waiting = new Map();
  let nextId = 1;
  let buffered = Buffer.alloc(0);
  const fail = (error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the Runtime API channel closed')));
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 8) {
      const headLength = buffered.readUInt32BE(0);
      const end = 8 + headLength + buffered.readUInt32BE(4);
      if (buffered.length < end) break;
      const head = JSON.parse(buffered.toString('utf8', 8, 8 + headLength));
      const body = buffered.subarray(8 + headLength, end);
      buffered = buffered.subarray(end);
      const entry = waiting.get(head.id);
      waiting.delete(head.id);
      if (waiting.size === 0) socket.unref();
      entry?.resolve({ status: head.status, headers: head.headers, body });
    }
  });
  // Requests made in the same tick (an answer and the next /next) leave in one write.
  let unsent = [];
  const sendUnsent = () => {
    if (unsent.length) socket.write(unsent.length === 1 ? unsent[0] : Buffer.concat(unsent));
    unsent = [];
  };
  // One buffer per frame, its text written in place (this runs twice an invocation).
  const frame = (headObject, body) => {
    const head = JSON.stringify(headObject);
    const headLength = Buffer.byteLength(head);
    const bodyLength = body === undefined ? 0 : Buffer.byteLength(body);
    const bytes = Buffer.allocUnsafe(8 + headLength + bodyLength);
    bytes.writeUInt32BE(headLength, 0);
    bytes.writeUInt32BE(bodyLength, 4);
    bytes.write(head, 8);
    if (typeof body === 'string') bytes.write(body, 8 + headLength);
    else if (body !== undefined) bytes.set(body, 8 + headLength);
    return bytes;
  };
  const awaitAnswer = (id) =>
    new Promise((resolve, reject) => {
      if (waiting.size === 0) socket.ref();
      waiting.set(id, { resolve, reject });
    });
  const request = (method, route, body, headers = {}) => {
    const id = nextId++;
    const answered = awaitAnswer(id);
    if (unsent.length === 0) process.nextTick(sendUnsent);
    unsent.push(frame({ id, method, path: `${RUNTIME_PATH}${route}`, headers }, body));
    return answered;
  };
  // A streamed response: its frames leave at once, in order after anything queued (runtimeChannel.ts
  // describes them); pieces of at most 1 MB, well within a frame's limit; the socket's own buffer
  // is the back-pressure (write's callback waits for it to drain).
  const STREAM_PIECE_BYTES = 1024 * 1024;
  const openStream = (route, headers) => {
    const id = nextId++;
    const answered = awaitAnswer(id);
    sendUnsent();
    socket.write(frame({ id, method: 'POST', path: `${RUNTIME_PATH}${route}`, headers }));
    return {
      write(chunk, callback) {
        let flowing = true;
        for (let at = 0; at < chunk.length; at += STREAM_PIECE_BYTES) {
          flowing = socket.write(
            frame({ id, chunk: true }, chunk.subarray(at, at + STREAM_PIECE_BYTES)),
          );
        }
        if (flowing) callback();
        else socket.once('drain', () => callback());
      },
      end(trailers) {
        socket.write(frame({ id, end: true, trailers }));
        return answered;
      },
    };
  };
  return { request, openStream };
}

// ---- console, as Lambda formats it ----------------------------------------------------------

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

// In the JSON format an Error becomes {errorType, errorMessage, stackTrace, …its own fields}.
const jsonErrorReplacer = (_key, value) => {
  if (value instanceof Error) {
    return {
      errorType: value?.constructor?.name ?? 'UnknownError',
      errorMessage: value.message,
      stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
      ...value,
    };
  }
  return value;
};

function jsonLine(level, params) {
  const record = { timestamp: new Date().toISOString(), level, requestId: currentRequestId };
  if (params.length === 1) {
    // A single argument is kept as it is (an object stays an object).
    record.message = params[0];
    try {
      return JSON.stringify(record, jsonErrorReplacer);
    } catch {
      record.message = util.format(params[0]);
      return JSON.stringify(record);
    }
  }
  record.message = util.format(...params);
  const error = params.find((p) => p instanceof Error);
  if (error) {
    record.errorType = error?.constructor?.name ?? 'UnknownError';
    record.errorMessage = error.message;
    record.stackTrace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
  }
  return JSON.stringify(record);
}

// "<time>\t<request id>\t<LEVEL>\t<message>", or one JSON object; newlines inside a message become
// "\r" so that one message is one log event.
function writeLog(level, params) {
  const line = jsonLogs
    ? jsonLine(level, params)
    : `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...params)}`;
  writeAll(1, `${line.replace(/\n/g, '\r')}\n`);
}

// stdout is a pipe to the endpoint, which the function's own code may have made non-blocking
// (process.stdout.write does): a full pipe then answers EAGAIN, which failed the function, and a
// write may take part of a line. A log line waits for room, as on a blocking pipe, and goes whole.
const pauseCell = new Int32Array(new SharedArrayBuffer(4));
function writeAll(fd, text) {
  const bytes = Buffer.from(text);
  let at = 0;
  while (at < bytes.length) {
    try {
      at += fs.writeSync(fd, bytes, at, bytes.length - at);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pauseCell, 0, 0, 1); // the endpoint reads within a turn of its event loop
    }
  }
}

function patchConsole() {
  const minimum = LEVELS[process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase()] ?? LEVELS.TRACE;
  const at = (level) =>
    LEVELS[level] >= minimum ? (...params) => writeLog(level, params) : () => {};
  console.trace = at('TRACE');
  console.debug = at('DEBUG');
  console.info = at('INFO');
  console.log = console.info;
  console.warn = at('WARN');
  console.error = at('ERROR');
  console.fatal = at('FATAL');
}

// ---- errors ---------------------------------------------------------------------------------

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    // Not enumerable (as on the prototype of Lambda's error classes), so logs do not repeat it.
    Object.defineProperty(this, 'name', {
      value: name,
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
}

/** The error document Lambda returns: the error's name (not its class), message and stack lines. */
function errorDocument(error) {
  try {
    if (util.types.isNativeError(error) || error instanceof Error) {
      return {
        errorType: error.name,
        errorMessage: error.message,
        trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

/** How the text format prints an error after its label: a tab, then the error with its own fields. */
function formattedError(error) {
  const withFields = (_key, value) =>
    value instanceof Error
      ? {
          errorType: value.name,
          errorMessage: value.message,
          code: value.code,
          ...value,
          ...(typeof value.stack === 'string' ? { stack: value.stack.split('\n') } : {}),
        }
      : value;
  try {
    return `\t${JSON.stringify(error, withFields)}`;
  } catch {
    return `\t${JSON.stringify(errorDocument(error))}`;
  }
}

function logError(label, error) {
  const asError = error instanceof Error ? error : new Error(error);
  if (jsonLogs) console.error(asError);
  else console.error(label, formattedError(asError));
}

// ---- response streaming ---------------------------------------------------------------------
// As Lambda's runtime client (src/UserFunction.js, ResponseStream.js, HttpResponseStream.js):
// awslambda.streamifyResponse marks a handler, which then gets (event, responseStream, context);
// its bytes are posted as they are written, with Lambda-Runtime-Function-Response-Mode: streaming,
// and an error after the first byte travels in the trailers.

const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const STREAM_RESPONSE = 'response';
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const PRELUDE_DELIMITER_BYTES = 8;

class HttpResponseStream {
  /** The prelude (status, headers, cookies) as JSON, then 8 NUL bytes, before the first write. */
  static from(underlyingStream, prelude) {
    underlyingStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const metadataPrelude = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadataPrelude);
      write(new Uint8Array(PRELUDE_DELIMITER_BYTES));
    };
    return underlyingStream;
  }
}

function installGlobalAwsLambda() {
  const off = process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA;
  if (off === '1' || off === 'true') return;
  globalThis.awslambda = {
    streamifyResponse: (handler, options) => {
      handler[HANDLER_STREAMING] = STREAM_RESPONSE;
      if (typeof options?.highWaterMark === 'number')
        handler[HANDLER_HIGHWATERMARK] = parseInt(options.highWaterMark);
      return handler;
    },
    HttpResponseStream,
  };
}

/**
 * The responseStream a streaming handler writes to: a Writable whose request to the Runtime API
 * opens at the first write (or the end), so setContentType works until then.
 */
function createResponseStream(route, highWaterMark) {
  const { Writable } = require('node:stream');
  let contentType = 'application/octet-stream';
  let transport;
  let failed = false;
  const open = () =>
    (transport ??= openStream(`${route}/response`, {
      'lambda-runtime-function-response-mode': 'streaming',
      'content-type': contentType,
      trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
    }));
  let answered;
  const stream = new Writable({
    ...(highWaterMark ? { highWaterMark } : {}),
    write(chunk, _encoding, callback) {
      open().write(chunk, callback);
    },
    final(callback) {
      answered = open().end({});
      answered.then(() => callback(), callback);
    },
  });
  let started = false;
  stream.setContentType = (type) => {
    if (started)
      throw new RuntimeError(
        'Runtime.InvalidStreamingOperation',
        'Cannot set content-type, too late.',
      );
    contentType = type;
  };
  stream._onBeforeFirstWrite = undefined;
  const write = stream.write.bind(stream);
  stream.write = (chunk, encoding, callback) => {
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk) && !(chunk instanceof Uint8Array))
      chunk = JSON.stringify(chunk);
    if (!started) {
      started = true;
      if (typeof stream._onBeforeFirstWrite === 'function')
        stream._onBeforeFirstWrite((piece) => write(piece));
    }
    return write(chunk, encoding, callback);
  };
  /** Ends the response with the error in its trailers (at once, even with bytes still buffered). */
  const fail = (error) => {
    if (failed || stream.writableFinished || answered) return answered ?? Promise.resolve();
    failed = true;
    const document = errorDocument(error);
    started = true;
    answered = open().end({
      'Lambda-Runtime-Function-Error-Type': document.errorType,
      'Lambda-Runtime-Function-Error-Body': Buffer.from(JSON.stringify(document)).toString(
        'base64',
      ),
    });
    stream.destroy();
    return answered;
  };
  // 'finish' comes after final()'s callback, i.e. once the Runtime API answered the response.
  const settled = new Promise((resolve) => {
    stream.once('finish', resolve);
    stream.once('close', resolve);
  });
  return { stream, fail, finished: () => settled };
}

/** One invocation of a streamified handler. */
async function handleOnceStreaming(handler) {
  const next = await request('GET', 'invocation/next');
  const requestId = next.headers['lambda-runtime-aws-request-id'];
  currentRequestId = requestId;
  process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] ?? '';
  const route = `invocation/${encodeURIComponent(requestId)}`;
  const { stream, fail, finished } = createResponseStream(route, handler[HANDLER_HIGHWATERMARK]);
  let waitForEmptyEventLoop = true;
  const context = contextFor(next.headers);
  Object.defineProperty(context, 'callbackWaitsForEmptyEventLoop', {
    get: () => waitForEmptyEventLoop,
    set: (v) => {
      waitForEmptyEventLoop = v;
    },
    enumerable: true,
  });
  const failWith = async (error) => {
    logError('Invoke Error', error);
    await fail(error);
  };
  onFatal = (error, exitCode) => {
    fail(error).finally(() => process.exit(exitCode));
  };
  // The event loop emptied with the invocation unanswered (a promise that never settled).
  onEmptyEventLoop = () => {
    onEmptyEventLoop = () => {};
    failWith(
      new RuntimeError('Runtime.NodeJsExit', 'Error: Runtime exited without providing a reason'),
    ).then(() => scheduleNext(handler), fatalRuntimeError);
  };
  try {
    let event;
    try {
      event = JSON.parse(next.body.toString('utf8'));
    } catch {
      event = next.body.toString('utf8');
    }
    const result = handler(event, stream, context);
    if (!result || typeof result.then !== 'function') {
      await failWith('Streaming does not support non-async handlers.');
    } else {
      if ((await result) !== undefined) console.warn('Streaming handlers ignore return values.');
      // Ended (maybe not yet flushed): its answer comes first; never ended: Lambda's error.
      if (stream.writableEnded) await finished();
      else await failWith('Response stream is not finished.');
    }
  } catch (error) {
    await failWith(error);
  }
  onEmptyEventLoop = () => {};
  scheduleNext(handler);
}

// ---- loading the handler --------------------------------------------------------------------

/** Whether the nearest package.json (up to the task root, as /var/task has none above it) says "type": "module". */
function packageTypeIsModule(folder) {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (dir.endsWith(`${path.sep}node_modules`)) return false;
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8'))?.type === 'module';
      } catch (error) {
        console.warn(
          `${manifest} cannot be read, it will be ignored for ES module detection purposes.`,
          error,
        );
        return false;
      }
    }
    if (dir === taskRoot || !dir.startsWith(taskRoot) || dir === path.dirname(dir)) return false;
  }
}

const requireIfExists = (file) => (fs.existsSync(file) ? require(file) : undefined);
const importIfExists = async (file) =>
  fs.existsSync(file) ? import(pathToFileURL(file).href) : undefined;

/** The module, tried as Lambda does: FILE, FILE.js (CommonJS unless "type": "module"), .mjs, .cjs, then require(). */
async function loadModule(moduleRoot, moduleName) {
  const file = path.resolve(taskRoot, moduleRoot, moduleName);
  const extensionless = requireIfExists(file);
  if (extensionless) return extensionless;
  const esm = packageTypeIsModule(path.dirname(file));
  if (!esm) {
    const loaded = requireIfExists(`${file}.js`);
    if (loaded) return loaded;
  }
  const loaded =
    (esm && (await importIfExists(`${file}.js`))) ||
    (await importIfExists(`${file}.mjs`)) ||
    requireIfExists(`${file}.cjs`);
  if (loaded) return loaded;
  return require(
    require.resolve(moduleName, { paths: [taskRoot, path.resolve(taskRoot, moduleRoot)] }),
  );
}

// Node.js 24 and later runtimes refuse a handler declaring three parameters (event, context,
// callback) at init, a streaming one aside: the runtime interface client's words.
const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. ' +
  'You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

function refusesCallbackHandlers() {
  const major = /^AWS_Lambda_nodejs(\d+)\.x$/.exec(process.env.AWS_EXECUTION_ENV ?? '')?.[1];
  return major !== undefined && Number(major) >= 24;
}

async function loadHandler() {
  const spec = process.env._HANDLER ?? '';
  if (spec.includes('..')) {
    throw new RuntimeError(
      'Runtime.MalformedHandlerName',
      `'${spec}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const base = path.basename(spec);
  const moduleRoot = spec.slice(0, spec.lastIndexOf(base));
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, functionPath] = match;
  let loaded;
  try {
    loaded = await loadModule(moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw Object.assign(new RuntimeError('Runtime.UserCodeSyntaxError', String(error)), {
        stack: error.stack,
      });
    if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND')
      throw new RuntimeError('Runtime.ImportModuleError', `Error: ${error.message}`);
    throw error;
  }
  const handler = functionPath.split('.').reduce((object, key) => object && object[key], loaded);
  if (!handler)
    throw new RuntimeError('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  if (typeof handler !== 'function')
    throw new RuntimeError('Runtime.HandlerNotFound', `${spec} is not a function`);
  if (
    refusesCallbackHandlers() &&
    handler.length >= 3 &&
    handler[HANDLER_STREAMING] !== STREAM_RESPONSE
  ) {
    throw new RuntimeError('Runtime.CallbackHandlerDeprecated', CALLBACK_HANDLER_REMOVED);
  }
  return handler;
}

// ---- debugging ------------------------------------------------------------------------------

/**
 * A debug environment runs Node with --inspect-brk=127.0.0.1:PORT (launch.ts): Node paused before
 * this file's first line until a debugger attached and resumed it ("Break on start", which
 * `node inspect`, Chrome DevTools and js-debug's continueOnAttach expect), so the handler module
 * has not loaded yet and breakpoints in its init code bind. When the inspector could not listen,
 * Node said so on stderr and went on without it: the invocation must fail rather than run undebugged.
 */
function checkDebugger(port) {
  if (!require('node:inspector').url()) {
    throw new RuntimeError(
      'Runtime.DebuggerUnavailable',
      `The Node.js inspector could not listen on 127.0.0.1:${port} (is the port in use?).`,
    );
  }
}

/**
 * CommonJS modules are compiled as functions, which V8's "before a source-mapped script runs"
 * pause does not see: a TypeScript handler's bundle would run before js-debug read its source map
 * and bound the .ts breakpoints (pauseForSourceMap). Setting Module.wrap makes Node compile each
 * module as a script instead (the path it keeps for a patched wrapper), which that pause sees. Debug
 * environments only: the plain path stays the fast one.
 */
function compileModulesAsScripts() {
  const Module = require('node:module');
  const wrap = Module.wrap;
  Module.wrap = (source) => wrap(source);
}

// ---- the invocation loop --------------------------------------------------------------------

// Not Lambda's: this process's peak resident set in KiB (getrusage's maxrss), sent with each
// result so that the endpoint need not read it from /proc (src/local/runtime/memory.ts).
const PEAK_RSS_HEADER = 'x-lambda-lens-peak-rss-kb';

// One 'beforeExit' listener, replaced per invocation: it runs when the event loop is empty.
let onEmptyEventLoop = () => {};
process.on('beforeExit', () => onEmptyEventLoop());

// What an uncaught exception or unhandled rejection does: during init an init error, during an
// invocation that invocation's error; then the runtime exits (as Lambda's does).
let onFatal = (error, exitCode) => {
  request('POST', 'init/error', JSON.stringify(errorDocument(error)), {
    'lambda-runtime-function-error-type': errorDocument(error).errorType,
  }).finally(() => process.exit(exitCode));
};

process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  onFatal(error, 129);
});
process.on('unhandledRejection', (reason) => {
  const error = new RuntimeError(
    'Runtime.UnhandledPromiseRejection',
    reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason),
  );
  error.reason = reason;
  logError('Unhandled Promise Rejection', error);
  onFatal(error, 128);
});

function contextFor(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  if (headers['lambda-runtime-client-context'])
    context.clientContext = JSON.parse(headers['lambda-runtime-client-context']);
  if (headers['lambda-runtime-cognito-identity'])
    context.identity = JSON.parse(headers['lambda-runtime-cognito-identity']);
  return context;
}

function isAsyncFunction(fn) {
  return fn?.constructor?.name === 'AsyncFunction';
}

function scheduleNext(handler) {
  const once = handler[HANDLER_STREAMING] === STREAM_RESPONSE ? handleOnceStreaming : handleOnce;
  setImmediate(() => once(handler).catch(fatalRuntimeError));
}

/**
 * One invocation, with the Node.js programming model's rules: a returned promise answers when it
 * settles; callback(null, x) answers once the event loop is empty unless
 * context.callbackWaitsForEmptyEventLoop is false; context.succeed/fail/done answer at once; a
 * non-async handler that never calls back answers null when the loop empties, an async one whose
 * promise never settles fails with Runtime.NodeJsExit.
 */
async function handleOnce(handler) {
  const next = await request('GET', 'invocation/next');
  const requestId = next.headers['lambda-runtime-aws-request-id'];
  currentRequestId = requestId;
  process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] ?? '';
  const route = `invocation/${encodeURIComponent(requestId)}`;
  let reported = false;
  let waitForEmptyEventLoop = true;

  // The answer, and with it the request for the next invocation: over the channel both leave in one
  // write (the endpoint reads them in order); over HTTP the agent's one socket sends the second
  // once the first is answered.
  const answer = (outcomeRoute, body, headers) => {
    request('POST', outcomeRoute, body, {
      ...headers,
      [PEAK_RSS_HEADER]: String(process.resourceUsage().maxRSS),
    }).catch(fatalRuntimeError);
    handleOnce(handler).catch(fatalRuntimeError);
  };
  const postError = (error) => {
    reported = true;
    logError('Invoke Error', error);
    const document = errorDocument(error);
    answer(`${route}/error`, JSON.stringify(document), {
      'content-type': 'application/json',
      'lambda-runtime-function-error-type': document.errorType,
    });
  };
  const complete = (result) => {
    if (reported) {
      console.error(
        'Invocation has already been reported as done. Cannot call complete more than once per invocation.',
      );
      return;
    }
    let body;
    try {
      body = JSON.stringify(result === undefined ? null : result);
    } catch {
      postError(new Error('Unable to stringify response body'));
      return;
    }
    reported = true;
    answer(`${route}/response`, body, { 'content-type': 'application/json' });
  };

  // Only the first of callback / succeed / fail / done counts.
  let finished = false;
  const once =
    (fn) =>
    (...args) => {
      if (finished) return;
      finished = true;
      fn(...args);
    };
  const callback = once((error, result) => {
    onEmptyEventLoop = () => {};
    if (error !== undefined && error !== null) postError(error);
    else if (!waitForEmptyEventLoop) complete(result);
    else onEmptyEventLoop = () => setImmediate(() => complete(result));
  });
  const done = (error, result) => {
    onEmptyEventLoop = () => {};
    if (error !== undefined && error !== null) postError(error);
    else complete(result);
  };
  const context = Object.assign(contextFor(next.headers), {
    succeed: once((result) => done(null, result)),
    fail: once((error) => done(error === undefined || error === null ? 'handled' : error)),
    done: once(done),
  });
  Object.defineProperty(context, 'callbackWaitsForEmptyEventLoop', {
    get: () => waitForEmptyEventLoop,
    set: (value) => {
      waitForEmptyEventLoop = value;
    },
    enumerable: true,
  });

  onFatal = (error, exitCode) => {
    const document = errorDocument(error);
    request('POST', `${route}/error`, JSON.stringify(document), {
      'lambda-runtime-function-error-type': document.errorType,
    }).finally(() => process.exit(exitCode));
  };
  onEmptyEventLoop = () => {
    onEmptyEventLoop = () => {};
    if (reported) return;
    if (isAsyncFunction(handler)) {
      postError(
        new RuntimeError('Runtime.NodeJsExit', 'Error: Runtime exited without providing a reason'),
      );
    } else {
      complete(null);
    }
  };

  let event;
  try {
    event = JSON.parse(next.body.toString('utf8'));
  } catch {
    event = next.body.toString('utf8');
  }
  try {
    const result = handler(event, context, callback);
    if (result && typeof result.then === 'function') result.then(context.succeed, context.fail);
  } catch (error) {
    callback(error);
  }
}

function fatalRuntimeError(error) {
  writeAll(2, `Lambda Lens runtime failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
}

async function main() {
  if (process.env.LAMBDA_LENS_SPARE === '1') await becomeAssignedEnvironment();
  configure();
  patchConsole();
  let handler;
  try {
    if (debugPort) {
      checkDebugger(debugPort);
      compileModulesAsScripts();
    }
    installGlobalAwsLambda();
    handler = await loadHandler();
  } catch (error) {
    logError('Uncaught Exception', error);
    const document = errorDocument(error);
    await request('POST', 'init/error', JSON.stringify(document), {
      'lambda-runtime-function-error-type': document.errorType,
      'content-type': 'application/json',
    });
    process.exit(1);
  }
  scheduleNext(handler);
}

main().catch(fatalRuntimeError);
