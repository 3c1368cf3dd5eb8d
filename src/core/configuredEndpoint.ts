// The SDK's own endpoint settings ("service-specific endpoints"), as the AWS CLI reads them, in
// its order: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section, the
// profile's `endpoint_url`; none when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's
// `ignore_configured_endpoint_urls` is true. The SDK applies these itself only for the default
// profile (AWS_PROFILE), not for a profile a client names, so a profile connection resolves them here.
// Pure: the caller passes the environment and the parsed config file (the SDK's loader's shape).

/** The services a connection talks to, by their key in a `services` section. */
export type EndpointService = 'lambda' | 'cloudwatch_logs' | 'iam';
export const ENDPOINT_SERVICES: readonly EndpointService[] = ['lambda', 'cloudwatch_logs', 'iam'];

type Section = Readonly<Record<string, string | undefined>>;
/** The config file as the SDK's loader gives it: profiles by name, `services NAME` as "services.NAME". */
export type ConfigSections = Readonly<Record<string, Section | undefined>>;

export type ConfiguredEndpoints = Partial<Record<EndpointService, string>>;

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true';

export function configuredEndpoints(
  env: Section,
  config: ConfigSections,
  profileName: string,
): ConfiguredEndpoints {
  const profile = config[profileName] ?? {};
  if (
    isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) ||
    isTrue(profile.ignore_configured_endpoint_urls)
  )
    return {};
  const services = profile.services ? config[`services.${profile.services}`] : undefined;
  const endpoints: ConfiguredEndpoints = {};
  for (const service of ENDPOINT_SERVICES) {
    const url =
      env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] ||
      env.AWS_ENDPOINT_URL ||
      services?.[`${service}.endpoint_url`] ||
      profile.endpoint_url;
    if (url?.trim()) endpoints[service] = url.trim();
  }
  return endpoints;
}
