import { type SecretsManagerClient, TagResourceCommand } from '@aws-sdk/client-secrets-manager';
import { oneByOne, tagList } from './types';

/**
 * secretsmanager:TagResource, one secret a call. The id is the secret's ARN when the event logged it, else its name:
 * a create event logged with `responseElements: null` gives no ARN suffix, and TagResource accepts either.
 */
export const writeSecretsManager = oneByOne((plan, ctx) =>
  ctx
    .client<SecretsManagerClient>()
    .send(new TagResourceCommand({ SecretId: plan.resource.id, Tags: tagList(plan.write) })),
);
