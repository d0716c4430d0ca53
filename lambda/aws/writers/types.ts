import { Tags } from '../../core/resource';
import { CandidateTag } from '../../core/tag-merge';
import { ResourcePlan } from '../../core/tag-plan';
import { ClassifiedError, failed, unchanged, WriteOutcome, written } from '../../engine/ports';
import { RetryPolicy, withRetry } from '../retry';

export interface WriterContext {
  /** The SDK client of this writer's kind (WRITERS[kind].client), in the event's account and the given region. */
  client<C>(region?: string): C;
  /** The event's account: the only account a writer acts in. */
  account: string;
  region: string;
  conflict: 'keep' | 'overwrite';
  /** The plan's candidates in priority order, for writers that merge with a tag set they read (S3). */
  candidates: CandidateTag[];
  retry: RetryPolicy;
}

export type Writer = (plans: ResourcePlan[], ctx: WriterContext) => Promise<WriteOutcome[]>;

/** Groups plans that write the very same tags, so that one call can tag them all. Plans with nothing to write are left out. */
export function groupByTags(plans: ResourcePlan[]): ResourcePlan[][] {
  const groups = new Map<string, ResourcePlan[]>();
  for (const p of plans) {
    if (Object.keys(p.write).length === 0) continue;
    const key = tagsKey(p.write);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

/** The same string for the same tags, whatever their order: the key of a group of plans that one call can tag. */
export function tagsKey(tags: Tags): string {
  return JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function tagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * A writer for an API that tags one resource a call. A resource with nothing to write is left unchanged; one that
 * `refuse` names a reason for fails with it, without a call; each other one gets its own call, retried while AWS
 * cannot see the resource yet.
 */
export function oneByOne(
  send: (plan: ResourcePlan, ctx: WriterContext) => Promise<unknown>,
  refuse: (plan: ResourcePlan) => ClassifiedError | undefined = () => undefined,
): Writer {
  return async (plans, ctx) => {
    const outcomes: WriteOutcome[] = [];
    for (const plan of plans) {
      const refusal = refuse(plan);
      if (Object.keys(plan.write).length === 0) outcomes.push(unchanged(plan));
      else if (refusal) outcomes.push(failed(plan, refusal));
      else {
        const call = await withRetry(() => send(plan, ctx), ctx.retry);
        outcomes.push(call.ok ? written(plan) : failed(plan, call.error));
      }
    }
    return outcomes;
  };
}
