// Deploy one folder to one function: package (skipping the zip when the files are unchanged),
// create the function or compare CodeSha256 and upload only when it differs, update the
// configuration only where it differs, wait with the SDK's waiters until the change is live,
// then optionally publish a version and move an alias. Every failure after a step that took
// effect says what is live (DeployError.live).
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  architectureChanges,
  configurationChanges,
  type FunctionSettings,
} from '../../core/deploy/configurationChanges';
import {
  cloudSettingChanges,
  cloudSettingsRequest,
  layersForTarget,
  withoutLayers,
  type CloudSettings,
} from '../../core/deploy/cloudSettings';
import {
  describeLive,
  type DeployProgress,
  type DeployStage,
  type LiveState,
} from '../../core/deploy/deployOutcome';
import type { DeploySettings } from '../../core/deploy/functionDefinition';
import { formatBytes } from '../../core/deploy/packageLimits';
import { accountOfArn } from '../../core/deploy/pseudoParameters';
import { ApiError, problem } from '../../core/apiProblem';
import { PLACEHOLDER_ROLE_ARN, ROLE_NOT_ASSUMABLE } from '../../core/deploy/executionRole';
import * as validate from '../../core/validation';
import { lambdaClientFor, type ConnectionTarget } from '../clients';
import { preparePackage, type BuiltPackage } from './packageFolder';
import { answerText } from '../answerText';

/**
 * The settings (`DeploySettings`, from core) are required to create a function; on an update, those
 * unset stay as they are live. Tags apply to a new function only; a role is required to create one
 * on AWS, the local endpoint needs none.
 */
export interface DeployRequest extends DeploySettings {
  /** The function's code folder, absolute. Never written to. */
  readonly folder: string;
  readonly functionName: string;
  readonly publish?: boolean;
  /** Create or move this alias to the published version (implies publish). */
  readonly alias?: string;
  /** Where and how: a connection (the client is cached per connection) or a client of one's own. */
  readonly connection: ConnectionTarget;
  readonly client?: LambdaClient;
  /** Where unchanged-package fingerprints are kept (default ~/.cache/lambda-lens/deploy); false: none. */
  readonly cacheDir?: string | false;
  readonly onProgress?: (progress: DeployProgress) => void;
  readonly signal?: AbortSignal;
  /** Longest wait for a new role to reach Lambda at creation (seconds, default 10). */
  readonly roleWaitSeconds?: number;
  /** Longest wait for the function to become active/updated (seconds, default 300). */
  readonly maxWaitSeconds?: number;
}

export interface DeployResult {
  readonly functionName: string;
  readonly functionArn?: string;
  /** created: a new function; updated: code and/or configuration changed; up-to-date: nothing sent. */
  readonly action: 'created' | 'updated' | 'up-to-date';
  /** CodeSha256 now live on $LATEST. */
  readonly codeSha256: string;
  readonly codeUploaded: boolean;
  /** Zip bytes sent (0 when up to date). */
  readonly codeBytesSent: number;
  readonly zipBytes?: number;
  readonly unzippedBytes: number;
  readonly files: number;
  readonly configurationChanged: readonly string[];
  readonly version?: string;
  readonly alias?: { readonly name: string; readonly version: string };
  readonly warnings: readonly string[];
  /**
   * Those of `warnings` that the request alone determines (its settings and its target): the same
   * words on every deploy of the same request, for a caller that deploys it again to say once.
   */
  readonly requestWarnings: readonly string[];
  /** Created on an endpoint that is not AWS with PLACEHOLDER_ROLE_ARN (the caller says so once). */
  readonly roleIsPlaceholder?: boolean;
  /** "code updated to sha …; configuration updated (memorySize)." */
  readonly live: string;
  /** Milliseconds per stage. */
  readonly timings: Readonly<Partial<Record<DeployStage, number>>>;
}

/** A deploy that stopped; `live` says what took effect before it did. */
export class DeployError extends Error {
  override readonly name = 'DeployError';
  constructor(
    message: string,
    readonly stage: DeployStage,
    readonly live: LiveState,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

const CONFLICT_RETRIES = 5;
/** IAM takes a few seconds to show a new role to Lambda ("typically up to ~10 s"). */
const ROLE_WAIT_SECONDS = 10;

/**
 * CreateFunction, sent again each second while Lambda says it cannot assume the role (a role just
 * created has not propagated yet), up to `waitSeconds`; then the error says what to check.
 */
async function createWhileRolePropagates<T>(
  create: () => Promise<T>,
  role: string,
  waitSeconds: number,
  progress: (message: string) => void,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      const e = error as { name?: string; message?: string };
      if (e?.name !== 'InvalidParameterValueException' || !ROLE_NOT_ASSUMABLE.test(e.message ?? ''))
        throw error;
      if (Date.now() >= deadline || signal?.aborted) {
        throw new ApiError(
          problem(
            'InvalidParameterValueException',
            `Lambda cannot assume the role ${role} (waited ${waitSeconds} s): it may not exist, may not trust lambda.amazonaws.com, or may still be propagating. Check the role, or deploy again in a minute.`,
          ),
        );
      }
      progress(
        `Waiting for the role to reach Lambda (IAM propagates a new role within seconds; attempt ${attempt})`,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof ApiError || (error as Error)?.name === 'PackagingError')
    return (error as Error).message;
  const e = error as { name?: string; message?: string };
  return e?.name && e.name !== 'Error'
    ? `${e.name}: ${e.message ?? ''}`
    : (e?.message ?? String(error));
}

function settingsOf(c: FunctionConfiguration): FunctionSettings {
  return {
    ...(c.Handler !== undefined ? { handler: c.Handler } : {}),
    ...(c.Runtime !== undefined ? { runtime: c.Runtime } : {}),
    ...(c.MemorySize !== undefined ? { memorySize: c.MemorySize } : {}),
    ...(c.Timeout !== undefined ? { timeout: c.Timeout } : {}),
    ...(c.Role !== undefined ? { role: c.Role } : {}),
    description: c.Description ?? '',
    environment: c.Environment?.Variables ?? {},
  };
}

/**
 * The template's layers, tracing, VPC and the like, as this target takes them: all on AWS and on
 * endpoints that emulate it; the local endpoint runs no layers (it refuses them), so there they are
 * left out and said.
 */
function cloudSettingsFor(
  request: DeployRequest,
  accountId: string | undefined,
  warnings: string[],
): CloudSettings {
  const cloud = layersForTarget(
    request.cloud ?? {},
    { region: request.connection.region, ...(accountId ? { accountId } : {}) },
    warnings,
  );
  if (request.connection.kind !== 'local') return cloud;
  if (cloud.layers?.length) {
    warnings.push(
      `Layers not attached: the local endpoint runs a function with its own package only, so what ${cloud.layers.join(', ')} hold(s) is missing when it runs here. ` +
        "Put the layers' files in the function's folder (Node.js modules under node_modules/, Python packages at its root) to run it locally; a deploy to AWS attaches them.",
    );
  }
  return withoutLayers(cloud);
}

/** Checks what core can check before anything is sent, so a bad value never leaves a half-deploy. */
function validateRequest(request: DeployRequest): void {
  try {
    validate.validateFunctionName(request.functionName);
    if (request.handler !== undefined) validate.validateHandler(request.handler);
    if (request.runtime !== undefined) validate.validateRuntime(request.runtime);
    if (request.memorySize !== undefined) validate.validateMemorySize(request.memorySize);
    if (request.timeout !== undefined) validate.validateTimeout(request.timeout);
    if (request.role !== undefined) validate.validateRole(request.role);
    if (request.architecture !== undefined) validate.validateArchitectures([request.architecture]);
    if (request.environment !== undefined) validate.validateEnvironment(request.environment);
  } catch (error) {
    throw new DeployError(
      `Not deployed: ${reasonOf(error)}`,
      'checking',
      { exists: false, codeIsNew: false, configured: [], notConfigured: [] },
      error,
    );
  }
}

export async function deployFunction(request: DeployRequest): Promise<DeployResult> {
  validateRequest(request);
  const client = request.client ?? lambdaClientFor(request.connection);
  const signal = request.signal;
  const report = request.onProgress ?? (() => {});
  const timings: Partial<Record<DeployStage, number>> = {};
  const name = request.functionName;
  const maxWaitTime = request.maxWaitSeconds ?? 300;
  // The local endpoint's update phase lasts about 100 ms: poll from 50 ms there (the waiters double the
  // delay each time), from 1 s against AWS, whose updates take seconds.
  const minDelay = request.connection.kind === 'local' ? 0.05 : 1;
  let stage: DeployStage = 'reading';
  let stageStart = performance.now();
  const enter = (
    next: DeployStage,
    message: string,
    extra: Omit<DeployProgress, 'stage' | 'message'> = {},
  ) => {
    timings[stage] = (timings[stage] ?? 0) + performance.now() - stageStart;
    stage = next;
    stageStart = performance.now();
    report({ stage: next, message, ...extra });
  };
  const live: {
    exists: boolean;
    codeSha256?: string;
    codeIsNew: boolean;
    configured: string[];
    notConfigured: string[];
    version?: string;
    alias?: { name: string; version: string };
  } = { exists: false, codeIsNew: false, configured: [], notConfigured: [] };
  const send = <T>(command: object) =>
    client.send(command as never, { ...(signal ? { abortSignal: signal } : {}) }) as Promise<T>;
  const waitUpdated = async () => {
    enter('waiting', `Waiting until ${name} is updated`);
    await waitUntilFunctionUpdatedV2(
      { client, maxWaitTime, minDelay, maxDelay: 5, ...(signal ? { abortSignal: signal } : {}) },
      { FunctionName: name },
    );
  };
  /**
   * An endpoint that is not AWS (LocalStack, moto, the local endpoint named as one) may know no such
   * layer or run none: the function is deployed without its layers then, and that is said. AWS's
   * refusal stands (a layer there should exist).
   */
  const unlessLayersRefused = async <T>(
    settings: CloudSettings,
    attempt: (settings: CloudSettings) => Promise<T>,
  ): Promise<T> => {
    try {
      return await attempt(settings);
    } catch (error) {
      if (
        request.connection.kind !== 'endpoint' ||
        !settings.layers?.length ||
        !/layer/i.test((error as Error)?.message ?? '') ||
        signal?.aborted
      )
        throw error;
      layersRefused = `Layers not attached: ${request.connection.endpoint ?? request.connection.configuredEndpoints?.lambda ?? 'the endpoint'} refused them (${reasonOf(error)}). The function was deployed without ${settings.layers.join(', ')}.`;
      return attempt(withoutLayers(settings));
    }
  };
  let layersRefused: string | undefined;
  /** Mutations retried while another update is in progress (ResourceConflictException). */
  const mutate = async <T>(command: object): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send<T>(command);
      } catch (error) {
        if (!(error instanceof ResourceConflictException) || attempt >= CONFLICT_RETRIES)
          throw error;
        await waitUntilFunctionUpdatedV2(
          {
            client,
            maxWaitTime,
            minDelay,
            maxDelay: 5,
            ...(signal ? { abortSignal: signal } : {}),
          },
          { FunctionName: name },
        ).catch(() => {});
      }
    }
  };

  try {
    const prepared = await preparePackage({
      folder: request.folder,
      ...(request.handler !== undefined ? { handler: request.handler } : {}),
      ...(request.runtime !== undefined ? { runtime: request.runtime } : {}),
      ...(request.cacheDir !== undefined ? { cacheDir: request.cacheDir } : {}),
      ...(signal ? { signal } : {}),
      onProgress: report,
    });
    const warnings = [...prepared.warnings];
    let roleIsPlaceholder = false;
    enter('checking', `Checking ${name}`);
    let current: FunctionConfiguration | undefined;
    try {
      current = await send<FunctionConfiguration>(
        new GetFunctionConfigurationCommand({ FunctionName: name }),
      );
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    const requestWarnings: string[] = [];
    const cloud = cloudSettingsFor(
      request,
      accountOfArn(current?.FunctionArn) ?? accountOfArn(request.role),
      requestWarnings,
    );
    warnings.push(...requestWarnings);
    let built: BuiltPackage | undefined;
    const build = async () => {
      if (!built) {
        enter(
          'zipping',
          `Zipping ${prepared.files.length} files (${formatBytes(prepared.unzippedBytes)})`,
          { files: prepared.files.length, totalBytes: prepared.unzippedBytes },
        );
        built = await prepared.build();
      }
      return built;
    };
    let action: DeployResult['action'];
    let codeBytesSent = 0;
    let changed: string[] = [];
    let functionArn = answerText(current?.FunctionArn);

    if (!current) {
      if (!request.handler || !request.runtime)
        throw new DeployError(
          `${name} does not exist yet: a handler and a runtime are needed to create it.`,
          'creating',
          live,
        );
      let role = request.role;
      if (!role && request.connection.kind !== 'local') {
        if (request.connection.kind === 'aws') {
          throw new DeployError(
            `${name} does not exist yet: creating it on AWS needs an execution role. Create a basic one (lambda-lens deploy --create-role; in the editor, "Create a basic execution role"), or give an existing role's ARN (--role, or "role" in .lambda-lens/functions.json).`,
            'creating',
            live,
          );
        }
        // Endpoints that are not AWS (LocalStack, a custom one) never check the role.
        role = PLACEHOLDER_ROLE_ARN;
        roleIsPlaceholder = true;
      }
      const pkg = await build();
      enter('creating', `Creating ${name} (${formatBytes(pkg.zipBytes)})`, { bytes: pkg.zipBytes });
      const create = (attached: CloudSettings) =>
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: request.runtime as never,
          Handler: request.handler,
          Code: { ZipFile: pkg.zip },
          // The SDK's types want a Role; the local endpoint fills in its own when none is sent.
          Role: role as string,
          ...(request.memorySize !== undefined ? { MemorySize: request.memorySize } : {}),
          ...(request.timeout !== undefined ? { Timeout: request.timeout } : {}),
          ...(request.architecture ? { Architectures: [request.architecture] } : {}),
          ...(request.environment
            ? { Environment: { Variables: { ...request.environment } } }
            : {}),
          ...(request.description !== undefined ? { Description: request.description } : {}),
          ...(request.tags ? { Tags: { ...request.tags } } : {}),
          ...cloudSettingsRequest(attached),
        });
      const created = await createWhileRolePropagates(
        () =>
          unlessLayersRefused(cloud, (attached) => send<FunctionConfiguration>(create(attached))),
        role ?? '',
        request.roleWaitSeconds ?? ROLE_WAIT_SECONDS,
        (message) => report({ stage: 'creating', message }),
        signal,
      ).catch((error: unknown) => {
        // Some endpoints (moto, a strict LocalStack) do check roles: then the placeholder cannot do.
        if (!roleIsPlaceholder || signal?.aborted) throw error;
        throw new DeployError(
          `Not deployed: ${reasonOf(error).replace(/\.$/, '')}. ${request.connection.endpoint ?? request.connection.configuredEndpoints?.lambda} checks execution roles: give one (--role, or "role" in .lambda-lens/functions.json) or create a basic one (--create-role; in the editor, "Create a basic execution role").`,
          'creating',
          live,
          error,
        );
      });
      Object.assign(live, {
        exists: true,
        codeSha256: answerText(created.CodeSha256) ?? pkg.sha256,
        codeIsNew: true,
      });
      live.configured.push('all settings');
      functionArn = answerText(created.FunctionArn);
      codeBytesSent = pkg.zipBytes;
      action = 'created';
      enter('waiting', `Waiting until ${name} is active`);
      await waitUntilFunctionActiveV2(
        { client, maxWaitTime, minDelay, maxDelay: 5, ...(signal ? { abortSignal: signal } : {}) },
        { FunctionName: name },
      );
    } else {
      Object.assign(live, { exists: true, codeSha256: answerText(current.CodeSha256) });
      const wanted: FunctionSettings = {
        ...(request.handler !== undefined ? { handler: request.handler } : {}),
        ...(request.runtime !== undefined ? { runtime: request.runtime } : {}),
        ...(request.memorySize !== undefined ? { memorySize: request.memorySize } : {}),
        ...(request.timeout !== undefined ? { timeout: request.timeout } : {}),
        ...(request.role !== undefined ? { role: request.role } : {}),
        ...(request.description !== undefined ? { description: request.description } : {}),
        ...(request.environment !== undefined ? { environment: request.environment } : {}),
      };
      const plain = configurationChanges(wanted, settingsOf(current));
      const attached = cloudSettingChanges(cloud, current);
      const configuration = {
        changed: [...plain.changed, ...attached.changed],
        update: plain.update,
      };
      const architectureChanged = architectureChanges(request.architecture, current.Architectures);
      const sha = prepared.knownSha256 ?? (await build()).sha256;
      const codeChanged = sha !== current.CodeSha256 || architectureChanged;
      if (codeChanged) {
        const pkg = await build();
        enter('uploading', `Uploading ${formatBytes(pkg.zipBytes)} to ${name}`, {
          bytes: 0,
          totalBytes: pkg.zipBytes,
        });
        const updated = await mutate<FunctionConfiguration>(
          new UpdateFunctionCodeCommand({
            FunctionName: name,
            ZipFile: pkg.zip,
            ...(architectureChanged ? { Architectures: [request.architecture!] } : {}),
          }),
        );
        codeBytesSent = pkg.zipBytes;
        report({
          stage: 'uploading',
          message: `Uploaded ${formatBytes(pkg.zipBytes)}`,
          bytes: pkg.zipBytes,
          totalBytes: pkg.zipBytes,
        });
        Object.assign(live, {
          codeSha256: answerText(updated.CodeSha256) ?? pkg.sha256,
          codeIsNew: true,
        });
        await waitUpdated();
      }
      if (configuration.changed.length) {
        live.notConfigured.push(...configuration.changed);
        enter('configuring', `Updating ${configuration.changed.join(', ')}`);
        const u = configuration.update;
        await unlessLayersRefused(attached.update, (settings) =>
          mutate(
            new UpdateFunctionConfigurationCommand({
              FunctionName: name,
              ...(u.handler !== undefined ? { Handler: u.handler } : {}),
              ...(u.runtime !== undefined ? { Runtime: u.runtime as never } : {}),
              ...(u.memorySize !== undefined ? { MemorySize: u.memorySize } : {}),
              ...(u.timeout !== undefined ? { Timeout: u.timeout } : {}),
              ...(u.role !== undefined ? { Role: u.role } : {}),
              ...(u.description !== undefined ? { Description: u.description } : {}),
              ...(u.environment !== undefined
                ? { Environment: { Variables: { ...u.environment } } }
                : {}),
              ...cloudSettingsRequest(settings),
            }),
          ),
        );
        live.configured.push(...configuration.changed);
        live.notConfigured.length = 0;
        await waitUpdated();
      }
      changed = configuration.changed;
      action = codeChanged || changed.length ? 'updated' : 'up-to-date';
    }

    if (request.publish || request.alias) {
      enter('publishing', `Publishing a version of ${name}`);
      const published = await mutate<FunctionConfiguration>(
        new PublishVersionCommand({
          FunctionName: name,
          ...(live.codeSha256 ? { CodeSha256: live.codeSha256 } : {}),
        }),
      );
      live.version = answerText(published.Version) ?? '';
      if (request.alias) {
        enter('aliasing', `Pointing alias ${request.alias} at version ${live.version}`);
        try {
          await send(new GetAliasCommand({ FunctionName: name, Name: request.alias }));
          await mutate(
            new UpdateAliasCommand({
              FunctionName: name,
              Name: request.alias,
              FunctionVersion: live.version,
            }),
          );
        } catch (error) {
          if (!(error instanceof ResourceNotFoundException)) throw error;
          await mutate(
            new CreateAliasCommand({
              FunctionName: name,
              Name: request.alias,
              FunctionVersion: live.version,
            }),
          );
        }
        live.alias = { name: request.alias, version: live.version };
      }
    }
    if (layersRefused) {
      warnings.push(layersRefused);
      changed = changed.filter((setting) => setting !== 'layers');
    }
    enter('done', action === 'up-to-date' ? `${name} is up to date` : `${name} is live`);
    return {
      functionName: name,
      ...(functionArn ? { functionArn } : {}),
      action,
      codeSha256: live.codeSha256 ?? '',
      codeUploaded: codeBytesSent > 0,
      codeBytesSent,
      ...(built ? { zipBytes: (built as BuiltPackage).zipBytes } : {}),
      unzippedBytes: prepared.unzippedBytes,
      files: prepared.files.length + (prepared.typeScriptEntry ? 1 : 0),
      configurationChanged: changed,
      ...(live.version ? { version: live.version } : {}),
      ...(live.alias ? { alias: live.alias } : {}),
      warnings,
      requestWarnings,
      ...(roleIsPlaceholder ? { roleIsPlaceholder } : {}),
      live: describeLive(live),
      timings,
    };
  } catch (error) {
    if (error instanceof DeployError) throw error;
    const reason = signal?.aborted ? 'cancelled' : reasonOf(error);
    const failure = { stage, reason };
    const message = live.exists ? describeLive(live, failure) : `Not deployed: ${reason}`;
    throw new DeployError(
      message,
      stage,
      { ...live, configured: [...live.configured], notConfigured: [...live.notConfigured] },
      error,
    );
  }
}
