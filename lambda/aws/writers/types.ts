import { ResourceRef, Tags } from '../../core/resource';
import { CandidateTag, Conflict, SkippedTag } from '../../core/tag-merge';
import { ResourcePlan } from '../../core/tag-plan';
import { ClientPool } from '../clients';
import { ClassifiedError } from '../errors';
import { RetryPolicy } from '../retry';

/** What happened to one resource. Writers never throw: every failure is an outcome with its classified error. */
export interface WriteOutcome {
  resource: ResourceRef;
  status: 'written' | 'unchanged' | 'failed';
  /** The tags sent (empty when unchanged or failed). */
  written: Tags;
  conflicts: Conflict[];
  skipped: SkippedTag[];
  error?: ClassifiedError;
}

export interface WriterContext {
  clients: ClientPool;
  /** The event's account: the only account a writer acts in. */
  account: string;
  region: string;
  conflict: 'keep' | 'overwrite';
  /** The plan's candidates in priority order, for writers that merge with a tag set they read (S3). */
  candidates: CandidateTag[];
  retry: RetryPolicy;
}

export type Writer = (plans: ResourcePlan[], ctx: WriterContext) => Promise<WriteOutcome[]>;

export function unchanged(plan: ResourcePlan): WriteOutcome {
  return { resource: plan.resource, status: 'unchanged', written: {}, conflicts: plan.conflicts, skipped: plan.skipped };
}

export function written(plan: ResourcePlan): WriteOutcome {
  return { resource: plan.resource, status: 'written', written: plan.write, conflicts: plan.conflicts, skipped: plan.skipped };
}

export function failed(plan: ResourcePlan, error: ClassifiedError): WriteOutcome {
  return { resource: plan.resource, status: 'failed', written: {}, conflicts: plan.conflicts, skipped: plan.skipped, error };
}

/** Groups plans that write the very same tags, so that one call can tag them all. Plans with nothing to write are left out. */
export function groupByTags(plans: ResourcePlan[]): ResourcePlan[][] {
  const groups = new Map<string, ResourcePlan[]>();
  for (const p of plans) {
    if (Object.keys(p.write).length === 0) continue;
    const key = JSON.stringify(Object.entries(p.write).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

export function tagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
