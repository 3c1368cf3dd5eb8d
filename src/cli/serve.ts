// `lambda-lens serve`: runs the local endpoint in the foreground until Ctrl-C.
import { defaultHome } from '../local/home';
import { parseRuntimeBinary } from '../core/interpreterChoice';
import { startLocalEndpoint } from '../local/server';
import { createInvoker } from '../local/runtime/invoker';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { parseOptions } from './options';
import { stopRequested } from './stopRequest';

const HELP = `Usage: lambda-lens serve [--port N] [--home DIR] [--log-retention-days N] [--cpu-share] [--runtime-binary RUNTIME=PATH]... [--json]

Runs the local Lambda and CloudWatch Logs endpoint on 127.0.0.1.
  --port N                 port to listen on (0, the default, picks a free one)
  --home DIR               where functions, code and logs are kept (default ${defaultHome()})
  --log-retention-days N   drop log events older than N days (default 30)
  --cpu-share              give each function Lambda's CPU share for its memory (1,769 MB = one
                           vCPU), so local durations follow memory; an Invoke's
                           X-Lambda-Lens-Cpu-Share: on|off header decides per invocation
  --runtime-binary RUNTIME=PATH
                           run functions of RUNTIME with this binary (repeatable), e.g.
                           nodejs22.x=$HOME/.nvm/versions/node/v22.11.0/bin/node; otherwise the
                           declared version is looked for on PATH and in nvm, fnm, volta, asdf,
                           mise, n, pyenv and uv installs
  --json                   print one JSON line with the endpoint and credentials (for programs)
  --stop-on-stdin-close    stop when standard input closes (for a parent process)`;

/** Starts the log line of a fault no request handled (tests look for it). */
export const UNCAUGHT_MARK = 'Unexpected error outside any request';

export const serveCommand: CliCommand = {
  summary: 'run the local Lambda endpoint',
  async run(args) {
    const { values } = parseOptions(args, {
      port: { type: 'string', default: '0' },
      home: { type: 'string' },
      'log-retention-days': { type: 'string', default: '30' },
      'cpu-share': { type: 'boolean', default: false },
      'runtime-binary': { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      'stop-on-stdin-close': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new CliError(`--port must be a number from 0 to 65535, not "${values.port}"`, 2);
    const retention = Number(values['log-retention-days']);
    if (!Number.isInteger(retention) || retention < 1)
      throw new CliError('--log-retention-days must be a whole number of days, 1 or more', 2);
    const runtimeBinaries: Record<string, string> = {};
    for (const text of values['runtime-binary']) {
      const entry = parseRuntimeBinary(text);
      if ('error' in entry) throw new CliError(`--runtime-binary: ${entry.error}`, 2);
      runtimeBinaries[entry.runtime] = entry.binary;
    }
    let endpoint;
    try {
      endpoint = await startLocalEndpoint({
        home: values.home ?? defaultHome(),
        port,
        logRetentionDays: retention,
        log: (message) => process.stderr.write(`${message}\n`),
        createInvoker: (stores) =>
          createInvoker(stores, { cpuShare: values['cpu-share'], runtimeBinaries }),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new CliError(
          `port ${port} is in use: choose another with --port, or --port 0 for a free one`,
        );
      throw new CliError((error as Error).message);
    }
    // Once serving, the last resort for a fault that escaped every request's own handling: say so
    // in the log and keep serving, so that one bad request cannot take the endpoint (and every
    // function and log the user works with) away. Request paths are meant never to get here.
    const keepServing = (error: unknown) =>
      process.stderr.write(
        `${UNCAUGHT_MARK} (the endpoint keeps serving): ${error instanceof Error ? error.stack : String(error)}\n`,
      );
    process.on('uncaughtException', keepServing);
    process.on('unhandledRejection', keepServing);
    // A parent that started us through a pipe (the extension) stops us by closing it, so that the
    // endpoint never outlives a crashed editor; a closed terminal (SIGHUP) stops as cleanly.
    const stopped = stopRequested(values['stop-on-stdin-close']);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ url: endpoint.url, region: endpoint.region, home: endpoint.home, ...endpoint.credentials, pid: process.pid })}\n`,
      );
    } else {
      process.stdout.write(
        [
          `Lambda Lens local endpoint: ${endpoint.url}`,
          `Home: ${endpoint.home}`,
          '',
          'To use it from the AWS CLI or an SDK, paste:',
          `  export AWS_ACCESS_KEY_ID=${endpoint.credentials.accessKeyId}`,
          `  export AWS_SECRET_ACCESS_KEY=${endpoint.credentials.secretAccessKey}`,
          `  export AWS_REGION=${endpoint.region} AWS_DEFAULT_REGION=${endpoint.region}`,
          `  export AWS_ENDPOINT_URL_LAMBDA=${endpoint.url} AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${endpoint.url}`,
          `  aws --endpoint-url ${endpoint.url} lambda list-functions`,
          '',
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
    }
    await stopped;
    await endpoint.close();
    return 0;
  },
};
