import { Rejection } from './rejection';

/**
 * What the functions need from the config, passed to them as the JSON environment variable TAGWARDEN_SETTINGS.
 * The CDK app builds it from the validated config (lib/runtime-settings.ts), so the functions do not bundle the
 * config schema.
 */
export interface RuntimeSettings {
  organizationId: string;
  taggerRoleName: string;
  protectedTagPrefix: string;
  ownerTagKey: string;
  propagation: { include: string[]; exclude: string[] };
  conflict: 'keep' | 'overwrite';
  sessionDeliveryWindowSeconds: number;
  iamTagCacheSeconds: number;
  sessionTableName: string;
}

export const SETTINGS_ENV = 'TAGWARDEN_SETTINGS';

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  const raw = env[SETTINGS_ENV];
  if (!raw) throw new Rejection('malformed', `${SETTINGS_ENV} is not set: the function was deployed without its settings`, SETTINGS_ENV);
  return JSON.parse(raw) as RuntimeSettings;
}
