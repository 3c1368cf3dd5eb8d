// `lambda-lens`: the command-line companion. Each command is a thin wrapper over core, cloud and
// local; options go through one parser (options.ts, over node's own util.parseArgs). A failure
// is one line on stderr: exit code 2 for a usage error, 1 otherwise; the stack trace only with
// LAMBDA_LENS_DEBUG=1.
import { inertText } from '../core/inertText';
import { COMMANDS } from './commands';
import { CliError } from './cliError';
import { errorMessage } from '../core/errorMessage';

const VERSION = process.env.LAMBDA_LENS_VERSION ?? '0.1.0';
// The bundled AWS SDK warns that its *future* releases need Node 22; it says nothing about this
// program, which carries the SDK it was built with, so users are spared the warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function usage(): string {
  const lines = ['Usage: lambda-lens <command> [options]', '', 'Commands:'];
  for (const [name, command] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(10)} ${command.summary}`);
  lines.push(
    '',
    "Run `lambda-lens <command> --help` for a command's options; LAMBDA_LENS_DEBUG=1 shows where a failure happened.",
  );
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(
      `${failureText(undefined, new CliError(`unknown command "${name}"`, 2))}\n`,
    );
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    process.stderr.write(`${failureText(name, error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/** What a failure prints: the message (its control characters made inert), and where to look next. */
export function failureText(
  command: string | undefined,
  error: unknown,
  debug = process.env.LAMBDA_LENS_DEBUG === '1',
): string {
  const prefix = command ? `lambda-lens ${command}` : 'lambda-lens';
  const message = inertText(errorMessage(error));
  if (error instanceof CliError)
    return error.exitCode === 2
      ? `${prefix}: ${message} (see ${prefix} --help)`
      : `${prefix}: ${message}`;
  if (debug && error instanceof Error && error.stack) return `${prefix}: ${inertText(error.stack)}`;
  return `${prefix}: ${message} (LAMBDA_LENS_DEBUG=1 shows where it failed)`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${failureText(undefined, error)}\n`);
      process.exitCode = 1;
    },
  );
}
