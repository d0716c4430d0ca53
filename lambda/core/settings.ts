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
  /**
   * A creator of another account (a write its resource policy allowed): `owner` writes only the Owner tag and reads
   * nothing in the creator's account; `full` also reads and copies its IAM tags. Absent means `owner`.
   */
  crossAccountCreators?: CrossAccountCreators;
  sessionDeliveryWindowSeconds: number;
  iamTagCacheSeconds: number;
  sessionTableName: string;
}

export type CrossAccountCreators = 'owner' | 'full';

export const SETTINGS_ENV = 'TAGWARDEN_SETTINGS';

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  const raw = env[SETTINGS_ENV];
  if (!raw)
    throw new Rejection(
      'malformed',
      `${SETTINGS_ENV} is not set: the function was deployed without its settings`,
      SETTINGS_ENV,
    );
  return JSON.parse(raw) as RuntimeSettings;
}
