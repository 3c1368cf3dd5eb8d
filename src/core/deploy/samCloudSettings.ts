// A template's Layers, Tracing (TracingConfig), VpcConfig, DeadLetterQueue (DeadLetterConfig),
// KmsKeyArn and FileSystemConfigs, as cloudSettings.ts sends them. What cannot be read without a
// stack (a `!Ref` to a layer the template builds, `!GetAtt`, a subnet of the stack) is left out and
// said, with what the function misses and what to do, never guessed.
import type { CloudSettings } from './cloudSettings';
import { describeIntrinsic, type ResolveOptions, type Resolved } from './intrinsics';
import { isJsonObject } from '../jsonObject';

type Json = Record<string, unknown>;

export interface CloudSettingsReader {
  resolve(value: unknown, options?: ResolveOptions): Resolved;
  problem(property: string, message: string): void;
}

const NOT_SENT = 'an existing function keeps the one it has, a new one is created without it';

/** A resolved property, or undefined after saying why it is not sent. */
function resolved(
  reader: CloudSettingsReader,
  properties: Json,
  property: string,
  misses: string,
): unknown {
  if (properties[property] === undefined || properties[property] === null) return undefined;
  const result = reader.resolve(properties[property]);
  if (result.ok) return result.value;
  reader.problem(
    property,
    `not sent: ${result.expression} cannot be resolved outside CloudFormation, so ${misses} (${NOT_SENT}). Write the value itself in the template, or deploy with \`sam deploy\`.`,
  );
  return undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
    ? (value as string[])
    : undefined;
}

function layers(
  properties: Json,
  layerResources: ReadonlySet<string>,
  reader: CloudSettingsReader,
): string[] | undefined {
  const value = properties.Layers;
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  const arns: string[] = [];
  const left: string[] = [];
  for (const item of items) {
    const ref = isJsonObject(item) && typeof item.Ref === 'string' ? item.Ref : undefined;
    if (ref !== undefined && layerResources.has(ref)) {
      left.push(
        `${describeIntrinsic(item)} is a layer this template builds: publishing it needs the build step of \`sam build\` and \`sam deploy\`, which a deploy from here does not run`,
      );
      continue;
    }
    // `${AWS::Region}` and the like stay as written: the deploy fills them in for its target.
    const result = reader.resolve(item, { deployTimePseudo: true });
    if (!result.ok) left.push(`${result.expression} cannot be resolved outside CloudFormation`);
    else if (typeof result.value !== 'string')
      left.push(`${JSON.stringify(result.value)} is not a layer version ARN`);
    else arns.push(result.value);
  }
  if (left.length) {
    reader.problem(
      'Layers',
      `${left.length === items.length ? 'not attached' : `${left.length} of ${items.length} not attached`}: ${left.join('; ')}. ` +
        'What those layers hold (modules, a runtime, an extension) is missing when the function runs: deploy with `sam deploy`, ' +
        "publish the layer and write its version ARN in the template, or put its files in the function's folder.",
    );
    // A partial list would drop the rest from a live function: send the layers only when all resolve.
    return undefined;
  }
  return arns;
}

function tracing(
  properties: Json,
  serverless: boolean,
  reader: CloudSettingsReader,
): CloudSettings['tracing'] {
  const property = serverless ? 'Tracing' : 'TracingConfig';
  const value = resolved(reader, properties, property, 'X-Ray tracing is as the function has it');
  const mode = serverless ? value : isJsonObject(value) ? value.Mode : value;
  if (mode === undefined) return undefined;
  if (mode === 'Active' || mode === 'PassThrough') return mode;
  // SAM's Disabled sends no tracing setting.
  if (serverless && mode === 'Disabled') return undefined;
  reader.problem(
    property,
    `expected Active or PassThrough, found ${JSON.stringify(mode)}; not sent.`,
  );
  return undefined;
}

function vpcConfig(properties: Json, reader: CloudSettingsReader): CloudSettings['vpcConfig'] {
  const value = resolved(reader, properties, 'VpcConfig', 'the function is not placed in the VPC');
  if (value === undefined) return undefined;
  const subnetIds = isJsonObject(value) ? stringList(value.SubnetIds) : undefined;
  const securityGroupIds = isJsonObject(value) ? stringList(value.SecurityGroupIds) : undefined;
  const ipv6 = isJsonObject(value) ? value.Ipv6AllowedForDualStack : undefined;
  if (!subnetIds || !securityGroupIds || (ipv6 !== undefined && typeof ipv6 !== 'boolean')) {
    reader.problem(
      'VpcConfig',
      `expected SubnetIds and SecurityGroupIds (lists of IDs), found ${JSON.stringify(value).slice(0, 120)}; not sent.`,
    );
    return undefined;
  }
  return {
    subnetIds,
    securityGroupIds,
    ...(typeof ipv6 === 'boolean' ? { ipv6AllowedForDualStack: ipv6 } : {}),
  };
}

function deadLetterTarget(
  properties: Json,
  serverless: boolean,
  reader: CloudSettingsReader,
): string | undefined {
  const property = serverless ? 'DeadLetterQueue' : 'DeadLetterConfig';
  const value = resolved(
    reader,
    properties,
    property,
    'failed asynchronous events are not sent to that queue or topic',
  );
  if (value === undefined) return undefined;
  const arn = isJsonObject(value) ? value.TargetArn : undefined;
  if (typeof arn !== 'string') {
    reader.problem(
      property,
      `expected TargetArn (an SQS queue's or SNS topic's ARN), found ${JSON.stringify(value).slice(0, 120)}; not sent.`,
    );
    return undefined;
  }
  return arn;
}

function kmsKeyArn(properties: Json, reader: CloudSettingsReader): string | undefined {
  const value = resolved(
    reader,
    properties,
    'KmsKeyArn',
    'the environment is encrypted with the key the function has',
  );
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  reader.problem(
    'KmsKeyArn',
    `expected a key ARN, found ${JSON.stringify(value).slice(0, 120)}; not sent.`,
  );
  return undefined;
}

function fileSystemConfigs(
  properties: Json,
  reader: CloudSettingsReader,
): CloudSettings['fileSystemConfigs'] {
  const value = resolved(reader, properties, 'FileSystemConfigs', 'the file system is not mounted');
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : undefined;
  if (
    !list ||
    !list.every(
      (f) => isJsonObject(f) && typeof f.Arn === 'string' && typeof f.LocalMountPath === 'string',
    )
  ) {
    reader.problem(
      'FileSystemConfigs',
      `expected a list of { Arn, LocalMountPath }, found ${JSON.stringify(value).slice(0, 120)}; not sent.`,
    );
    return undefined;
  }
  return list.map((f) => ({
    arn: (f as Json).Arn as string,
    localMountPath: (f as Json).LocalMountPath as string,
  }));
}

/** The settings a function's properties give (undefined when none), each problem said through `reader`. */
export function readCloudSettings(
  properties: Json,
  serverless: boolean,
  layerResources: ReadonlySet<string>,
  reader: CloudSettingsReader,
): CloudSettings | undefined {
  const settings: CloudSettings = {
    layers: layers(properties, layerResources, reader),
    tracing: tracing(properties, serverless, reader),
    vpcConfig: vpcConfig(properties, reader),
    deadLetterTargetArn: deadLetterTarget(properties, serverless, reader),
    kmsKeyArn: kmsKeyArn(properties, reader),
    fileSystemConfigs: fileSystemConfigs(properties, reader),
  };
  const given = Object.fromEntries(
    Object.entries(settings).filter(([, v]) => v !== undefined),
  ) as CloudSettings;
  return Object.keys(given).length ? given : undefined;
}
