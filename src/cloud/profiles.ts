// AWS profiles from the shared config and credentials files (honouring AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE), read with the SDK's own loader: no hand-written INI parsing.
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ProfileInfo } from '../core/connections';

export async function listProfiles(): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  // The loader also returns [sso-session x] and [services x] sections, as "sso-session.x" and "services.x".
  const isProfile = (key: string) => !/^(sso-session|services)\./.test(key);
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)].filter(isProfile));
  return [...names].map((name) => {
    const config = configFile[name] ?? {};
    const region = config.region ?? credentialsFile[name]?.region;
    return { name, ...(region ? { region } : {}), sso: Boolean(config.sso_start_url || config.sso_session) };
  });
}
