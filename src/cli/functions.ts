// `lambda-lens functions`: lists functions page by page as they arrive, from the local endpoint,
// an AWS profile or any Lambda-compatible endpoint.
import { parseArgs } from 'node:util';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { describeConnectionError } from '../core/connectionErrors';
import { REGION_PATTERN } from '../core/regions';
import { lambdaClientFor, type ConnectionTarget } from '../cloud/clients';
import { listFunctionPages } from '../cloud/listFunctions';
import { listProfiles } from '../cloud/profiles';
import { CliError } from './cliError';
import type { CliCommand } from './commands';
import { connectLocal } from './localConnection';

const HELP = `Usage: lambda-lens functions [--profile P] [--region R] [--endpoint URL] [--home DIR] [--filter TEXT] [--json]

Lists functions. With no --profile and no --endpoint: the local endpoint (the one running on
--home, else one started for this command).
  --profile P     an AWS profile from ~/.aws/config or ~/.aws/credentials (SSO too)
  --region R      the region (default: the profile's, else us-east-1)
  --endpoint URL  a Lambda-compatible endpoint (LocalStack, …); credentials from --profile or the default chain
  --filter TEXT   only names containing TEXT
  --json          one JSON array of the functions' configurations`;

function row(f: FunctionConfiguration): string {
  return [f.FunctionName ?? '', f.Runtime ?? '-', f.MemorySize ? `${f.MemorySize} MB` : '-', f.Architectures?.[0] ?? '-', f.LastModified ?? ''].join('\t');
}

export const functionsCommand: CliCommand = {
  summary: 'list functions (local endpoint, AWS profile or endpoint)',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        profile: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' }, home: { type: 'string' },
        filter: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (values.region !== undefined && !REGION_PATTERN.test(values.region)) throw new CliError(`--region "${values.region}" is not a region name (for example eu-west-1)`, 2);
    if (values.endpoint !== undefined && !/^https?:\/\/\S+$/.test(values.endpoint)) throw new CliError(`--endpoint must be an http:// or https:// URL, not "${values.endpoint}"`, 2);
    const remote = values.profile !== undefined || values.endpoint !== undefined;
    const local = remote ? undefined : await connectLocal(values.home, values.region);
    const region = values.region ?? (remote ? await profileRegion(values.profile) : local!.target.region);
    const target: ConnectionTarget = local?.target ?? {
      id: values.endpoint ? `endpoint:${values.endpoint}` : `profile:${values.profile}`, region,
      ...(values.endpoint ? { endpoint: values.endpoint } : {}), ...(values.profile ? { profile: values.profile } : {}),
      ...(values.endpoint ? {} : { pacing: `profile:${values.profile ?? 'default'}` }),
    };
    const filter = values.filter?.toLowerCase();
    const all: FunctionConfiguration[] = [];
    try {
      for await (const page of listFunctionPages(lambdaClientFor(target))) {
        const shown = filter ? page.functions.filter((f) => f.FunctionName?.toLowerCase().includes(filter)) : page.functions;
        if (values.json) all.push(...shown);
        else if (shown.length) process.stdout.write(`${shown.map(row).join('\n')}\n`);
      }
    } catch (error) {
      const label = values.endpoint ?? (values.profile ? `profile ${values.profile}` : 'Local');
      const problem = describeConnectionError(error, { kind: remote ? (values.endpoint ? 'endpoint' : 'profile') : 'local', label, ...(values.profile ? { profile: values.profile } : {}), ...(values.endpoint ? { endpoint: values.endpoint } : {}) }, region);
      const fix = problem.action.kind === 'ssoLogin' || problem.action.kind === 'configure' ? `\nRun: ${problem.action.command}` : '';
      throw new CliError(`${problem.message}${fix}`);
    } finally {
      await local?.close();
    }
    if (values.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    return 0;
  },
};

async function profileRegion(profile: string | undefined): Promise<string> {
  const found = (await listProfiles()).find((p) => p.name === (profile ?? 'default'));
  return found?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
}
