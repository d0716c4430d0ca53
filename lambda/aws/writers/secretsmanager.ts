import { type SecretsManagerClient, TagResourceCommand } from '@aws-sdk/client-secrets-manager';
import { withRetry } from '../retry';
import { tagList, Writer } from './types';
import { failed, unchanged, WriteOutcome, written } from '../../engine/ports';

/**
 * secretsmanager:TagResource, one secret a call. The id is the secret's ARN when the event logged it, else its name:
 * a create event logged with `responseElements: null` gives no ARN suffix, and TagResource accepts either.
 */
export const writeSecretsManager: Writer = async (plans, ctx) => {
  const secrets = ctx.client<SecretsManagerClient>();
  const outcomes: WriteOutcome[] = [];
  for (const plan of plans) {
    if (Object.keys(plan.write).length === 0) {
      outcomes.push(unchanged(plan));
      continue;
    }
    const call = await withRetry(
      () => secrets.send(new TagResourceCommand({ SecretId: plan.resource.id, Tags: tagList(plan.write) })),
      ctx.retry,
    );
    outcomes.push(call.ok ? written(plan) : failed(plan, call.error));
  }
  return outcomes;
};
