// `lambda-lens events`: the offline sample-event catalog from the command line.
//   events list [--json]                                  services and events
//   events generate <service> <event> [--name value…]    one event as JSON on stdout
// Event parameters differ per event, so `generate` reads its own `--name value` pairs instead
// of declaring them to util.parseArgs.
import {
  describeEvent,
  generateEvent,
  listEventServices,
  type CatalogEvent,
} from '../core/events/catalog';
import { EventCatalogError } from '../core/events/eventError';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { parseOptions } from './options';

const HELP = `Usage: lambda-lens events list [--json]
       lambda-lens events generate <service> <event> [--<parameter> <value>…]
       lambda-lens events generate <service> <event> --help

Sample events for invoking functions, offline: every event of \`sam local generate-event\` and more
(EventBridge, SQS FIFO, Kafka, Function URLs, WebSockets, Cognito user-pool triggers).
  list            services and their events (--json: with each event's parameters)
  generate        print the event as JSON; --help after an event lists its parameters and defaults`;

function eventHelp(info: CatalogEvent): string {
  const width = Math.max(0, ...info.parameters.map((p) => p.name.length)) + 4;
  const lines = [
    `Usage: lambda-lens events generate ${info.service} ${info.event} [options]`,
    '',
    info.description,
    '',
  ];
  if (info.parameters.length === 0) lines.push('This event takes no parameters.');
  for (const p of info.parameters)
    lines.push(
      `  --${p.name.padEnd(width)}${p.description} (default: ${p.default === '' ? '""' : p.default})`,
    );
  return lines.join('\n');
}

/** `--name value` and `--name=value` pairs; anything else is refused with what to write. */
export function parseEventParameters(args: readonly string[]): {
  values: Record<string, string>;
  help: boolean;
} {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  let help = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const m = /^--([A-Za-z][A-Za-z0-9-]*)(?:=([\s\S]*))?$/.exec(arg);
    if (!m) throw new CliError(`unexpected argument "${arg}"; pass parameters as --name value`, 2);
    const name = m[1]!;
    let value = m[2];
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined)
        throw new CliError(`--${name} needs a value (use --${name}= for an empty one)`, 2);
      i += 1;
    }
    if (name in values) throw new CliError(`--${name} is given twice`, 2);
    values[name] = value;
  }
  return { values: { ...values }, help };
}

function list(args: string[]): number {
  const { values } = parseOptions(args, {
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const services = listEventServices();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(services, null, 2)}\n`);
    return 0;
  }
  const rows = services.flatMap((s) =>
    s.events.map((e) => `${s.service}\t${e.event}\t${e.description}`),
  );
  process.stdout.write(`${rows.join('\n')}\n`);
  return 0;
}

function generate(args: string[]): number {
  const [service, event, ...rest] = args;
  if (!service || service.startsWith('-') || !event || event.startsWith('-')) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    throw new CliError(
      'generate needs a service and an event, for example: lambda-lens events generate s3 put (see lambda-lens events list)',
      2,
    );
  }
  const { values, help } = parseEventParameters(rest);
  if (help) {
    process.stdout.write(`${eventHelp(describeEvent(service, event))}\n`);
    return 0;
  }
  process.stdout.write(`${JSON.stringify(generateEvent(service, event, values), null, 2)}\n`);
  return 0;
}

export const eventsCommand: CliCommand = {
  summary: 'list and generate sample events (offline)',
  async run(args) {
    const [sub, ...rest] = args;
    try {
      if (sub === 'list') return list(rest);
      if (sub === 'generate') return generate(rest);
    } catch (error) {
      if (error instanceof EventCatalogError) {
        // Core names a parameter plainly ("bucket must be…"); here it is an option.
        const message =
          error.parameter && error.message.startsWith(`${error.parameter} `)
            ? `--${error.message}`
            : error.message;
        throw new CliError(message, 2);
      }
      throw error;
    }
    if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
      process.stdout.write(`${HELP}\n`);
      return sub ? 0 : 2;
    }
    throw new CliError(`unknown subcommand "${sub}"; use list or generate`, 2);
  },
};
