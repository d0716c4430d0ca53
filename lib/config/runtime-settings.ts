import { RuntimeSettings } from '../../lambda/core/settings';
import { TagwardenConfig } from './';

/** The part of the config the functions need, given the session table's name. */
export function runtimeSettings(config: TagwardenConfig, sessionTableName: string): RuntimeSettings {
  return {
    organizationId: config.organizationId,
    taggerRoleName: config.taggerRoleName,
    protectedTagPrefix: config.protectedTagPrefix,
    ownerTagKey: config.ownerTagKey,
    propagation: config.propagation,
    conflict: config.conflict,
    crossAccountCreators: config.crossAccountCreators,
    sessionDeliveryWindowSeconds: config.tagger.sessionDeliveryWindowSeconds,
    iamTagCacheSeconds: config.tagger.iamTagCacheSeconds,
    sessionTableName,
  };
}
