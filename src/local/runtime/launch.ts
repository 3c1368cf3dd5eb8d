// How each runtime family is started, and the environment variables Lambda sets for a function.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail } from '../../core/apiProblem';
import type { DebugRequest } from '../../core/invoke/debugInvoke';
import { runtimeInfo } from '../../core/runtimes';
import type { FunctionRecord, VersionRecord } from '../store/functionRecord';
import { runtimeAssetsDir, type LaunchSpec } from './environment';

export interface LaunchContext {
  readonly record: FunctionRecord;
  readonly version: VersionRecord;
  readonly codeDir: string;
  readonly logStreamName: string;
  /** A debug environment (core/invoke/debugInvoke.ts): only these get debugger settings. */
  readonly debug?: DebugRequest;
  /** The Node.js or Python binary its runtime resolved to (interpreters.ts). */
  readonly interpreter?: string;
}

/**
 * Tells our bootstraps to open the runtime's debugger on 127.0.0.1:PORT and wait for a debugger
 * before the handler loads (they remove it before then: the function's code does not see it).
 */
const DEBUG_PORT_VARIABLE = 'LAMBDA_LENS_DEBUG_PORT';
/**
 * The debugger lives in the environment and its memory is counted (Node's inspector ~3 MB,
 * debugpy's adapter and tracer ~50 MB, as measured): a debug environment may use this much above
 * MemorySize before it is stopped, so that debugging does not itself run a function out of memory.
 */
const DEBUGGER_MEMORY_MB = 128;

export function launchSpec({
  record,
  version,
  codeDir,
  logStreamName,
  debug,
  interpreter,
}: LaunchContext): LaunchSpec {
  const family = runtimeInfo(version.runtime)?.family;
  const assets = runtimeAssetsDir();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    // Not the user's home: a function must not pick up their ~/.aws credentials or config.
    HOME: tmpdir(),
    TMPDIR: tmpdir(),
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    ...version.environment,
    _HANDLER: version.handler,
    AWS_REGION: record.region,
    AWS_DEFAULT_REGION: record.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${version.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: record.name,
    AWS_LAMBDA_FUNCTION_VERSION: version.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(version.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: version.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_LAMBDA_LOG_FORMAT: version.logFormat,
    ...(version.applicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: version.applicationLogLevel } : {}),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: codeDir,
    LAMBDA_RUNTIME_DIR: assets,
  };
  // Set by us alone: a function's own variable of that name must not open a debugger.
  if (debug) env[DEBUG_PORT_VARIABLE] = String(debug.port);
  else delete env[DEBUG_PORT_VARIABLE];
  const memoryLimitBytes = (version.memorySize + (debug ? DEBUGGER_MEMORY_MB : 0)) * 1024 * 1024;
  switch (family) {
    case 'nodejs':
      return {
        command: interpreter ?? process.execPath,
        // No V8 heap flag: any V8 flag makes Node reject its built-in code cache, which tripled the
        // cost of loading node:http (6 → 20 ms of every cold start). Memory is enforced on the
        // process tree's resident size instead (environment.ts), as Lambda's cgroup does.
        // A debug environment pauses before the bootstrap's first line until a debugger attaches and
        // resumes ("Break on start", what js-debug's continueOnAttach and `node inspect` expect).
        args: [
          ...(debug ? [`--inspect-brk=127.0.0.1:${debug.port}`] : []),
          join(assets, 'node-bootstrap.js'),
        ],
        env: { ...env, ELECTRON_RUN_AS_NODE: '1', NODE_PATH: join(codeDir, 'node_modules') },
        cwd: codeDir,
        memoryLimitBytes,
        runtimeChannel: true,
        ...(debug ? { debug } : {}),
      };
    case 'python':
      return {
        command: interpreter ?? 'python3',
        // Frozen standard modules (3.11+) would make debugpy miss breakpoints in them, and it warns so.
        args: [
          ...(debug ? ['-X', 'frozen_modules=off'] : []),
          '-u',
          join(assets, 'python-bootstrap.py'),
        ],
        env: { ...env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: codeDir },
        cwd: codeDir,
        memoryLimitBytes,
        runtimeChannel: true,
        ...(debug ? { debug } : {}),
      };
    case 'provided':
      // The function's own bootstrap speaks HTTP to AWS_LAMBDA_RUNTIME_API, as on Lambda.
      return {
        command: join(codeDir, 'bootstrap'),
        args: [],
        env,
        cwd: codeDir,
        memoryLimitBytes,
        runtimeChannel: false,
      };
    default:
      return fail(
        'InvalidRuntimeException',
        `The local endpoint runs Node.js, Python and custom (provided.*) runtimes; ${version.runtime} functions can be stored and listed but not run.`,
        502,
      );
  }
}
