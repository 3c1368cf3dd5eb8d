// Settings a template gives that attach the function to other AWS resources: layers, X-Ray tracing,
// a VPC, a dead-letter queue, a KMS key for its environment, file systems. A deploy sends them to
// AWS and to endpoints that emulate it (LocalStack, moto); the local endpoint stores all but layers
// (it runs none), so there they are left out and said. Pure: read from the template, compared with
// the function's live configuration, shaped for CreateFunction and UpdateFunctionConfiguration.

import { withPseudoParameters, type PseudoParameterTarget } from './pseudoParameters';

export interface CloudSettings {
  /**
   * Layer version ARNs, in order (literal, or resolved from a parameter's Default / a `!Sub`), with
   * any `${AWS::Region}`-like pseudo parameter as written until the deploy fills it in.
   */
  readonly layers?: readonly string[];
  readonly tracing?: 'Active' | 'PassThrough';
  readonly vpcConfig?: {
    readonly subnetIds: readonly string[];
    readonly securityGroupIds: readonly string[];
    readonly ipv6AllowedForDualStack?: boolean;
  };
  readonly deadLetterTargetArn?: string;
  readonly kmsKeyArn?: string;
  readonly fileSystemConfigs?: readonly { readonly arn: string; readonly localMountPath: string }[];
}

export type CloudSettingName = keyof CloudSettings;

/** The part of a function configuration (as the SDK returns it) these settings are compared with. */
export interface LiveCloudSettings {
  readonly Layers?: readonly { readonly Arn?: string }[];
  readonly TracingConfig?: { readonly Mode?: string };
  readonly VpcConfig?: {
    readonly SubnetIds?: readonly string[];
    readonly SecurityGroupIds?: readonly string[];
    readonly Ipv6AllowedForDualStack?: boolean;
  };
  readonly DeadLetterConfig?: { readonly TargetArn?: string };
  readonly KMSKeyArn?: string;
  readonly FileSystemConfigs?: readonly {
    readonly Arn?: string;
    readonly LocalMountPath?: string;
  }[];
}

/** The request fields of CreateFunction / UpdateFunctionConfiguration for these settings. */
export interface CloudSettingsRequest {
  Layers?: string[];
  TracingConfig?: { Mode: 'Active' | 'PassThrough' };
  VpcConfig?: {
    SubnetIds: string[];
    SecurityGroupIds: string[];
    Ipv6AllowedForDualStack?: boolean;
  };
  DeadLetterConfig?: { TargetArn: string };
  KMSKeyArn?: string;
  FileSystemConfigs?: { Arn: string; LocalMountPath: string }[];
}

/**
 * The layers with `${AWS::Region}` and the other deploy-time pseudo parameters filled in for the
 * target. When one cannot be (the account of a new function with no role ARN to read it from), no
 * layers are sent, as for any layer the template does not resolve, and that is said.
 */
export function layersForTarget(
  settings: CloudSettings,
  target: PseudoParameterTarget,
  warnings: string[],
): CloudSettings {
  if (!settings.layers?.length) return settings;
  const layers: string[] = [];
  for (const layer of settings.layers) {
    const filled = withPseudoParameters(layer, target);
    if (!filled.ok) {
      warnings.push(
        `Layers not attached: \${${filled.missing}} in ${layer} is not known before the function exists. Write the account in the layer's ARN, or give the function's role ARN (it names the account).`,
      );
      return withoutLayers(settings);
    }
    layers.push(filled.value);
  }
  return { ...settings, layers };
}

/** What the local endpoint cannot take: layers (it runs a function with its own package only). */
export function withoutLayers(settings: CloudSettings): CloudSettings {
  const { layers: _layers, ...rest } = settings;
  return rest;
}

export function cloudSettingsRequest(settings: CloudSettings): CloudSettingsRequest {
  const { layers, tracing, vpcConfig, deadLetterTargetArn, kmsKeyArn, fileSystemConfigs } =
    settings;
  return {
    ...(layers ? { Layers: [...layers] } : {}),
    ...(tracing ? { TracingConfig: { Mode: tracing } } : {}),
    ...(vpcConfig
      ? {
          VpcConfig: {
            SubnetIds: [...vpcConfig.subnetIds],
            SecurityGroupIds: [...vpcConfig.securityGroupIds],
            ...(vpcConfig.ipv6AllowedForDualStack !== undefined
              ? { Ipv6AllowedForDualStack: vpcConfig.ipv6AllowedForDualStack }
              : {}),
          },
        }
      : {}),
    ...(deadLetterTargetArn !== undefined
      ? { DeadLetterConfig: { TargetArn: deadLetterTargetArn } }
      : {}),
    ...(kmsKeyArn !== undefined ? { KMSKeyArn: kmsKeyArn } : {}),
    ...(fileSystemConfigs
      ? {
          FileSystemConfigs: fileSystemConfigs.map((f) => ({
            Arn: f.arn,
            LocalMountPath: f.localMountPath,
          })),
        }
      : {}),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  sameList([...a].sort(), [...b].sort());

/** The settings that differ from the live ones (only those the template gives count), and the update to send. */
export function cloudSettingChanges(
  wanted: CloudSettings,
  live: LiveCloudSettings,
): { changed: CloudSettingName[]; update: CloudSettings } {
  const differs: Record<CloudSettingName, boolean> = {
    layers:
      wanted.layers !== undefined &&
      !sameList(
        wanted.layers,
        (live.Layers ?? []).map((l) => l.Arn ?? ''),
      ),
    tracing:
      wanted.tracing !== undefined &&
      wanted.tracing !== (live.TracingConfig?.Mode ?? 'PassThrough'),
    vpcConfig:
      wanted.vpcConfig !== undefined &&
      (!sameSet(wanted.vpcConfig.subnetIds, live.VpcConfig?.SubnetIds ?? []) ||
        !sameSet(wanted.vpcConfig.securityGroupIds, live.VpcConfig?.SecurityGroupIds ?? []) ||
        (wanted.vpcConfig.ipv6AllowedForDualStack ?? false) !==
          (live.VpcConfig?.Ipv6AllowedForDualStack ?? false)),
    deadLetterTargetArn:
      wanted.deadLetterTargetArn !== undefined &&
      wanted.deadLetterTargetArn !== (live.DeadLetterConfig?.TargetArn ?? ''),
    kmsKeyArn: wanted.kmsKeyArn !== undefined && wanted.kmsKeyArn !== (live.KMSKeyArn ?? ''),
    fileSystemConfigs:
      wanted.fileSystemConfigs !== undefined &&
      JSON.stringify(wanted.fileSystemConfigs.map((f) => [f.arn, f.localMountPath])) !==
        JSON.stringify((live.FileSystemConfigs ?? []).map((f) => [f.Arn, f.LocalMountPath])),
  };
  const changed = (Object.keys(differs) as CloudSettingName[]).filter((key) => differs[key]);
  const update: Record<string, unknown> = {};
  for (const key of changed) update[key] = wanted[key];
  return { changed, update: update as CloudSettings };
}
