// A SAM template's HTTP routes: the `Api` (REST, payload 1.0) and `HttpApi` (payload 2.0, or 1.0
// where PayloadFormatVersion says) events of its functions, on the implicit APIs
// (ServerlessRestApi, stage "Prod"; ServerlessHttpApi, stage "$default") or on the template's
// AWS::Serverless::Api / AWS::Serverless::HttpApi resources, with Globals.Api / Globals.HttpApi.
// What a local front door does not do (authorizers, API keys, validators, usage plans, CORS,
// OpenAPI definitions…) is returned as `notHonoured`, for the user to read, never dropped.
import type { CorsConfig } from '../http/cors';
import type { ApiKind } from '../http/payloadV1Response';
import { routePathProblem, type RouteKey } from '../http/routeMatching';
import type { DefinitionProblem, FunctionDefinition } from './functionDefinition';
import { describeIntrinsic, resolveIntrinsics, type ParameterDefaults } from './intrinsics';
import { parseSamTemplate, readTemplate, withGlobals } from './samTemplate';
import { isJsonObject } from '../jsonObject';

export interface ApiRoute extends RouteKey {
  readonly api: ApiKind;
  /** The API's logical id in the template. */
  readonly apiLogicalId: string;
  /** requestContext.apiId: ten letters and digits, stable for the logical id. */
  readonly apiId: string;
  readonly stage: string;
  readonly payloadVersion: '1.0' | '2.0';
  readonly functionName: string;
  /** REST: the API's BinaryMediaTypes (`image/png`, `*\/*`). */
  readonly binaryMediaTypes: readonly string[];
  /** Where it is declared: `Resources.Fn.Properties.Events.Get`. */
  readonly where: string;
  /** An HTTP API's CorsConfiguration: preflights answered by the API, its headers on every answer. */
  readonly cors?: CorsConfig;
  /** A REST API's Cors: SAM's OPTIONS method on every path, answered with these headers (the function's answers get none). */
  readonly restCors?: RestCors;
}

/** SAM's `Cors` of a REST API, its quoted values unquoted (`"'*'"` → `*`). */
export interface RestCors {
  readonly allowOrigin: string;
  /** Unset: the path's methods and OPTIONS, as SAM fills it in. */
  readonly allowMethods?: string;
  readonly allowHeaders?: string;
  readonly maxAge?: string;
  readonly allowCredentials?: boolean;
}

export interface NotHonoured {
  readonly where: string;
  readonly what: string;
}

export interface TemplateApis {
  readonly functions: FunctionDefinition[];
  readonly routes: ApiRoute[];
  readonly notHonoured: NotHonoured[];
  readonly problems: DefinitionProblem[];
}

type Json = Record<string, unknown>;

const IMPLICIT_REST = 'ServerlessRestApi';
const IMPLICIT_HTTP = 'ServerlessHttpApi';

/** API properties that change nothing a local request sees. */
const HARMLESS_API_PROPERTIES = new Set([
  'Name',
  'Description',
  'StageName',
  'BinaryMediaTypes',
  'Tags',
  'TracingEnabled',
  'EndpointConfiguration',
  'OpenApiVersion',
  'AccessLogSetting',
  'AccessLogSettings',
  'PropagateTags',
  'FailOnWarnings',
  'Variables',
  'StageVariables',
  'Mode',
]);
const HARMLESS_EVENT_PROPERTIES = new Set([
  'Path',
  'Method',
  'RestApiId',
  'ApiId',
  'PayloadFormatVersion',
  'TimeoutInMillis',
  'Auth',
]);

interface ApiSettings {
  readonly kind: ApiKind;
  readonly logicalId: string;
  readonly stage: string;
  readonly binaryMediaTypes: string[];
  readonly defaultAuthorizer?: string;
  readonly apiKeyRequired: boolean;
  readonly cors?: CorsConfig;
  readonly restCors?: RestCors;
}

/** requestContext.apiId for a logical id: FNV-1a, ten base-36 characters. */
export function apiIdOf(logicalId: string): string {
  let hash = 0x811c9dc5;
  let second = 0x01000193;
  for (let i = 0; i < logicalId.length; i++) {
    hash = Math.imul(hash ^ logicalId.charCodeAt(i), 0x01000193) >>> 0;
    second = Math.imul(second ^ logicalId.charCodeAt(i), 0x811c9dc5) >>> 0;
  }
  return `${hash.toString(36)}${second.toString(36)}`.padEnd(10, '0').slice(0, 10);
}

export function readSamApis(
  text: string,
  fileName = 'template.yaml',
  templateFolder = '',
): TemplateApis {
  const { functions, problems } = parseSamTemplate(text, fileName, templateFolder);
  const { template, resources, parameters } = readTemplate(text, fileName);
  const reader = new Reader(parameters, fileName);
  const globals = isJsonObject(template.Globals) ? template.Globals : {};
  const apis = new Map<string, ApiSettings>();
  const apiFor = (kind: ApiKind, logicalId: string, properties: Json): ApiSettings => {
    const known = apis.get(logicalId);
    if (known) return known;
    const merged = withGlobals(
      isJsonObject(globals[kind === 'REST' ? 'Api' : 'HttpApi'])
        ? (globals[kind === 'REST' ? 'Api' : 'HttpApi'] as Json)
        : {},
      properties,
    );
    const where = `Resources.${logicalId}.Properties`;
    const cors =
      kind === 'HTTP' && merged.CorsConfiguration !== undefined
        ? reader.cors(merged.CorsConfiguration, `${where}.CorsConfiguration`)
        : undefined;
    const restCors =
      kind === 'REST' && merged.Cors !== undefined
        ? reader.restCors(merged.Cors, `${where}.Cors`)
        : undefined;
    for (const key of Object.keys(merged)) {
      if ((key === 'CorsConfiguration' && cors) || (key === 'Cors' && restCors)) continue;
      if (!HARMLESS_API_PROPERTIES.has(key) && key !== 'Auth')
        reader.notHonoured(`${where}.${key}`, `${key} is not applied by the local API`);
    }
    const auth = isJsonObject(merged.Auth) ? merged.Auth : {};
    for (const key of Object.keys(auth)) {
      if (
        key !== 'DefaultAuthorizer' &&
        key !== 'ApiKeyRequired' &&
        key !== 'AddDefaultAuthorizerToCorsPreflight'
      )
        reader.notHonoured(`${where}.Auth.${key}`, `Auth.${key} is not applied by the local API`);
    }
    if (kind === 'REST' && merged.Variables !== undefined)
      reader.notHonoured(
        `${where}.Variables`,
        "stage variables are not set locally: the event's stageVariables is null",
      );
    if (kind === 'HTTP' && merged.StageVariables !== undefined)
      reader.notHonoured(`${where}.StageVariables`, 'stage variables are not set locally');
    const defaultAuthorizer = reader.string(
      auth.DefaultAuthorizer,
      `${where}.Auth.DefaultAuthorizer`,
    );
    const settings: ApiSettings = {
      kind,
      logicalId,
      stage:
        reader.string(merged.StageName, `${where}.StageName`) ??
        (logicalId === IMPLICIT_REST ? 'Prod' : '$default'),
      binaryMediaTypes: Array.isArray(merged.BinaryMediaTypes)
        ? merged.BinaryMediaTypes.map((t, i) => reader.string(t, `${where}.BinaryMediaTypes.${i}`))
            .filter((t): t is string => t !== undefined)
            .map((t) => t.replace(/~1/g, '/'))
        : [],
      ...(defaultAuthorizer && defaultAuthorizer !== 'NONE' ? { defaultAuthorizer } : {}),
      apiKeyRequired: auth.ApiKeyRequired === true,
      ...(cors ? { cors } : {}),
      ...(restCors ? { restCors } : {}),
    };
    apis.set(logicalId, settings);
    return settings;
  };

  const routes: ApiRoute[] = [];
  const seen = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isJsonObject(resource) || resource.Type !== 'AWS::Serverless::Function') continue;
    const properties = isJsonObject(resource.Properties) ? resource.Properties : {};
    const events = isJsonObject(properties.Events) ? properties.Events : {};
    for (const [eventName, event] of Object.entries(events)) {
      if (!isJsonObject(event) || (event.Type !== 'Api' && event.Type !== 'HttpApi')) continue;
      const where = `Resources.${logicalId}.Properties.Events.${eventName}`;
      const definition = functions.find((f) => f.logicalId === logicalId);
      if (!definition) {
        reader.notHonoured(
          where,
          `${logicalId} is not deployed from a folder (see the template's problems), so this route is not served`,
        );
        continue;
      }
      const kind: ApiKind = event.Type === 'Api' ? 'REST' : 'HTTP';
      const own = isJsonObject(event.Properties) ? event.Properties : {};
      const apiRef = own[kind === 'REST' ? 'RestApiId' : 'ApiId'];
      let apiLogicalId = kind === 'REST' ? IMPLICIT_REST : IMPLICIT_HTTP;
      let apiProperties: Json = {};
      if (apiRef !== undefined) {
        const named =
          isJsonObject(apiRef) && typeof apiRef.Ref === 'string'
            ? apiRef.Ref
            : typeof apiRef === 'string'
              ? apiRef
              : undefined;
        const target = named !== undefined ? resources[named] : undefined;
        const type = kind === 'REST' ? 'AWS::Serverless::Api' : 'AWS::Serverless::HttpApi';
        if (!named || !isJsonObject(target) || target.Type !== type) {
          reader.notHonoured(
            where,
            `${kind === 'REST' ? 'RestApiId' : 'ApiId'} ${describeIntrinsic(apiRef)} is not an ${type} of this template, so this route is not served`,
          );
          continue;
        }
        apiLogicalId = named;
        apiProperties = isJsonObject(target.Properties) ? target.Properties : {};
      }
      const api = apiFor(kind, apiLogicalId, apiProperties);
      for (const key of Object.keys(own)) {
        if (!HARMLESS_EVENT_PROPERTIES.has(key))
          reader.notHonoured(
            `${where}.Properties.${key}`,
            `${key} is not applied by the local API${/Request(Model|Parameters)/.test(key) ? ' (requests are not validated)' : ''}`,
          );
      }
      const auth = isJsonObject(own.Auth) ? own.Auth : {};
      const authorizer =
        reader.string(auth.Authorizer, `${where}.Properties.Auth.Authorizer`) ??
        api.defaultAuthorizer;
      if (authorizer && authorizer !== 'NONE')
        reader.notHonoured(
          `${where}.Properties.Auth`,
          `the authorizer ${authorizer} is not run: every request reaches the function`,
        );
      if (auth.ApiKeyRequired === true || (api.apiKeyRequired && auth.ApiKeyRequired !== false))
        reader.notHonoured(
          `${where}.Properties.Auth`,
          'API keys are not checked: requests without one reach the function',
        );
      for (const key of Object.keys(auth)) {
        if (key !== 'Authorizer' && key !== 'ApiKeyRequired')
          reader.notHonoured(
            `${where}.Properties.Auth.${key}`,
            `Auth.${key} is not applied by the local API`,
          );
      }
      const rawPath = reader.string(own.Path, `${where}.Properties.Path`);
      const rawMethod = reader.string(own.Method, `${where}.Properties.Method`);
      if (
        (own.Path !== undefined && rawPath === undefined) ||
        (own.Method !== undefined && rawMethod === undefined)
      )
        continue;
      if (kind === 'REST' && (rawPath === undefined || rawMethod === undefined)) {
        reader.problem(
          `${where}.Properties`,
          'an Api event needs Path and Method; this route is not served',
        );
        continue;
      }
      const path = rawPath ?? '$default';
      const method =
        rawMethod === undefined || /^(any|x-amazon-apigateway-any-method)$/i.test(rawMethod)
          ? 'ANY'
          : rawMethod.toUpperCase();
      const pathProblem = routePathProblem(path);
      if (pathProblem) {
        reader.problem(`${where}.Properties.Path`, `${pathProblem}; this route is not served`);
        continue;
      }
      const version =
        kind === 'REST'
          ? '1.0'
          : (reader.string(own.PayloadFormatVersion, `${where}.Properties.PayloadFormatVersion`) ??
            '2.0');
      if (version !== '1.0' && version !== '2.0') {
        reader.problem(
          `${where}.Properties.PayloadFormatVersion`,
          `"${version}" is not a payload format version (1.0 or 2.0); this route is not served`,
        );
        continue;
      }
      const key = `${method} ${path.replace(/\{[^}]*?(\+?)\}/g, '{$1}')}`;
      const earlier = seen.get(key);
      if (earlier) {
        reader.notHonoured(
          where,
          `${method} ${path} is already served by ${earlier}; one port serves one route per method and path`,
        );
        continue;
      }
      seen.set(key, where);
      routes.push({
        api: kind,
        apiLogicalId,
        apiId: apiIdOf(apiLogicalId),
        stage: api.stage,
        method,
        path,
        payloadVersion: version,
        functionName: definition.name,
        binaryMediaTypes: api.binaryMediaTypes,
        where,
        ...(api.cors ? { cors: api.cors } : {}),
        ...(api.restCors ? { restCors: api.restCors } : {}),
      });
    }
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isJsonObject(resource)) continue;
    if (
      (resource.Type === 'AWS::Serverless::Api' || resource.Type === 'AWS::Serverless::HttpApi') &&
      !apis.has(logicalId)
    ) {
      reader.notHonoured(
        `Resources.${logicalId}`,
        'no function event uses this API (routes of its DefinitionBody are not read)',
      );
    } else if (typeof resource.Type === 'string' && /^AWS::ApiGateway(V2)?::/.test(resource.Type)) {
      reader.notHonoured(
        `Resources.${logicalId}`,
        `${resource.Type} is not served locally (only SAM's Api and HttpApi events are)`,
      );
    }
  }
  return {
    functions,
    routes,
    notHonoured: reader.notHonouredList,
    problems: [...problems, ...reader.problems],
  };
}

class Reader {
  readonly notHonouredList: NotHonoured[] = [];
  readonly problems: DefinitionProblem[] = [];

  constructor(
    private readonly parameters: ParameterDefaults,
    private readonly fileName: string,
  ) {}

  notHonoured(where: string, what: string): void {
    this.notHonouredList.push({ where: `${this.fileName}: ${where}`, what });
  }

  problem(where: string, message: string): void {
    this.problems.push({ where: `${this.fileName}: ${where}`, message });
  }

  /**
   * An HTTP API's CorsConfiguration: `true` (SAM: every origin, method and header) or the mapping;
   * undefined when it cannot be read (it is then listed as not honoured).
   */
  cors(value: unknown, where: string): CorsConfig | undefined {
    const resolved = resolveIntrinsics(value, this.parameters);
    if (!resolved.ok) {
      this.problem(where, `${resolved.expression} cannot be resolved outside CloudFormation`);
      return undefined;
    }
    const config = resolved.value;
    if (config === true) return { AllowOrigins: ['*'], AllowMethods: ['*'], AllowHeaders: ['*'] };
    if (!isJsonObject(config)) return undefined;
    const list = (key: string): string[] | undefined => {
      const items = config[key];
      if (items === undefined) return undefined;
      if (!Array.isArray(items) || items.some((i) => typeof i !== 'string')) throw new Error(key);
      return items as string[];
    };
    try {
      const maxAge = config.MaxAge === undefined ? undefined : Number(config.MaxAge);
      if (maxAge !== undefined && !Number.isInteger(maxAge)) throw new Error('MaxAge');
      const cors: CorsConfig = {
        ...(list('AllowOrigins') ? { AllowOrigins: list('AllowOrigins') } : {}),
        ...(list('AllowMethods') ? { AllowMethods: list('AllowMethods') } : {}),
        ...(list('AllowHeaders') ? { AllowHeaders: list('AllowHeaders') } : {}),
        ...(list('ExposeHeaders') ? { ExposeHeaders: list('ExposeHeaders') } : {}),
        ...(maxAge !== undefined ? { MaxAge: maxAge } : {}),
        ...(config.AllowCredentials === true ? { AllowCredentials: true } : {}),
      };
      return cors;
    } catch (error) {
      this.problem(
        `${where}.${(error as Error).message}`,
        'expected a list of strings (MaxAge: a whole number of seconds)',
      );
      return undefined;
    }
  }

  /** A REST API's Cors: a quoted origin (`"'*'"`) or the mapping with AllowOrigin; undefined when unreadable. */
  restCors(value: unknown, where: string): RestCors | undefined {
    const unquote = (text: string) => text.replace(/^'(.*)'$/s, '$1');
    if (!isJsonObject(value)) {
      const origin = this.string(value, where);
      return origin === undefined ? undefined : { allowOrigin: unquote(origin) };
    }
    const origin = this.string(value.AllowOrigin, `${where}.AllowOrigin`);
    if (origin === undefined) return undefined;
    const optional = (key: string) => {
      const text = this.string(value[key], `${where}.${key}`);
      return text === undefined ? undefined : unquote(text);
    };
    const allowMethods = optional('AllowMethods');
    const allowHeaders = optional('AllowHeaders');
    const maxAge = optional('MaxAge');
    return {
      allowOrigin: unquote(origin),
      ...(allowMethods ? { allowMethods } : {}),
      ...(allowHeaders ? { allowHeaders } : {}),
      ...(maxAge ? { maxAge } : {}),
      ...(value.AllowCredentials === true ? { allowCredentials: true } : {}),
    };
  }

  string(value: unknown, where: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    const resolved = resolveIntrinsics(value, this.parameters);
    if (!resolved.ok) {
      this.problem(where, `${resolved.expression} cannot be resolved outside CloudFormation`);
      return undefined;
    }
    if (
      typeof resolved.value === 'string' ||
      typeof resolved.value === 'number' ||
      typeof resolved.value === 'boolean'
    )
      return String(resolved.value);
    this.problem(where, `expected a string, found ${JSON.stringify(resolved.value)}`);
    return undefined;
  }
}
