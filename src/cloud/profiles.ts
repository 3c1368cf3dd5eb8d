// AWS profiles from the shared config and credentials files (honouring AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE), read with the SDK's own loader: no hand-written INI parsing.
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ProfileInfo } from '../core/connections';
import { configuredEndpoints, type ConfiguredEndpoints } from '../core/configuredEndpoint';

export async function listProfiles(): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  // The loader also returns [sso-session x] and [services x] sections, as "sso-session.x" and "services.x".
  const isProfile = (key: string) => !/^(sso-session|services)\./.test(key);
  const names = new Set(
    [...Object.keys(configFile), ...Object.keys(credentialsFile)].filter(isProfile),
  );
  return [...names].map((name) => {
    const config = configFile[name] ?? {};
    const region = config.region ?? credentialsFile[name]?.region;
    const endpoint = configuredEndpoints(process.env, configFile, name).lambda;
    return {
      name,
      ...(region ? { region } : {}),
      sso: Boolean(config.sso_start_url || config.sso_session),
      ...(endpoint ? { endpoint } : {}),
    };
  });
}

/**
 * The endpoints a profile's connection uses (the standard settings; see core/configuredEndpoint.ts).
 * Without a profile (the environment's credentials): the environment's, then AWS_PROFILE's or default's.
 */
export async function profileEndpoints(profile: string | undefined): Promise<ConfiguredEndpoints> {
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configuredEndpoints(
    process.env,
    configFile,
    profile ?? process.env.AWS_PROFILE ?? 'default',
  );
}
