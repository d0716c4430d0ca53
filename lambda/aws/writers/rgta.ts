import {
  FailureInfo,
  type ResourceGroupsTaggingAPIClient,
  TagResourcesCommand,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { ResourcePlan } from '../../core/tag-plan';
import { classifyAwsError } from '../errors';
import { ClassifiedError } from '../../engine/ports';
import { RGTA_MAX_ARNS } from './call-limits';
import { groupByTags, Writer, WriterContext } from './types';
import { failed, unchanged, WriteOutcome, written } from '../../engine/ports';

/**
 * The Resource Groups Tagging API: one call per 20 ARNs that get the same tags; ARNs it cannot see yet are retried
 * alone. Other per-ARN failures end the resource's outcome (retryable ones send the event back to the queue).
 */
export const writeRgta: Writer = async (plans, ctx) => {
  const outcomes: WriteOutcome[] = plans.filter((p) => Object.keys(p.write).length === 0).map(unchanged);
  for (const group of groupByTags(plans)) {
    for (let i = 0; i < group.length; i += RGTA_MAX_ARNS)
      outcomes.push(...(await tagChunk(group.slice(i, i + RGTA_MAX_ARNS), ctx)));
  }
  return outcomes;
};

async function tagChunk(chunk: ResourcePlan[], ctx: WriterContext): Promise<WriteOutcome[]> {
  const rgta = ctx.client<ResourceGroupsTaggingAPIClient>();
  const outcomes: WriteOutcome[] = [];
  let pending = chunk;
  for (let attempt = 1; pending.length > 0; attempt++) {
    // One send: the SDK retries throttling and 5xx of the call itself; this loop retries only ARNs not visible yet.
    let failures: Record<string, FailureInfo>;
    try {
      const arns = pending.map((p) => p.resource.arn);
      const command = new TagResourcesCommand({ ResourceARNList: arns, Tags: pending[0].write });
      failures = (await rgta.send(command)).FailedResourcesMap ?? {};
    } catch (e) {
      const error = classifyAwsError(e);
      return [...outcomes, ...pending.map((p) => failed(p, error))];
    }
    const retryLater: ResourcePlan[] = [];
    for (const p of pending) {
      const info = failures[p.resource.arn];
      if (!info) {
        outcomes.push(written(p));
        continue;
      }
      const error = classifyFailure(info);
      if (error.kind === 'not-yet-visible' && attempt < ctx.retry.attempts) retryLater.push(p);
      else outcomes.push(failed(p, error));
    }
    if (retryLater.length > 0) await ctx.retry.sleep(ctx.retry.baseDelayMs * 2 ** (attempt - 1));
    pending = retryLater;
  }
  return outcomes;
}

/** A per-ARN failure: a 5xx, throttling or a resource the API cannot see yet is retryable. */
function classifyFailure(info: FailureInfo): ClassifiedError {
  const code = info.ErrorCode ?? 'Error';
  const message = info.ErrorMessage ?? '';
  const base = classifyAwsError({ name: code, message, $metadata: { httpStatusCode: info.StatusCode } });
  if (!base.retryable && /not\s*found|does not exist/i.test(message))
    return { ...base, retryable: true, kind: 'not-yet-visible' };
  return base;
}
