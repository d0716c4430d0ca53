import { IamPrincipalRef } from '../core/principal';
import { ResourceRef, Tags } from '../core/resource';
import { SessionLookup, SessionRecord } from '../core/session';
import { Conflict, SkippedTag } from '../core/tag-merge';
import { IamTagsResult, ResourcePlan, TagPlan } from '../core/tag-plan';

/*
 * What the engine needs from the outside world, and the shapes in which the outside answers. The adapters in
 * lambda/aws implement these over the AWS SDK; explain and the tests implement them in memory.
 */

/** Why an AWS call failed, and whether trying again later can help. */
export interface ClassifiedError {
  retryable: boolean;
  kind: 'throttled' | 'server' | 'not-yet-visible' | 'network' | 'permanent';
  code: string;
  reason: string;
}

/** A failure that a later attempt may fix: the event goes back to the queue. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly code = 'retryable',
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

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

export function unchanged(plan: ResourcePlan): WriteOutcome {
  return {
    resource: plan.resource,
    status: 'unchanged',
    written: {},
    conflicts: plan.conflicts,
    skipped: plan.skipped,
  };
}

export function written(plan: ResourcePlan): WriteOutcome {
  return {
    resource: plan.resource,
    status: 'written',
    written: plan.write,
    conflicts: plan.conflicts,
    skipped: plan.skipped,
  };
}

export function failed(plan: ResourcePlan, error: ClassifiedError): WriteOutcome {
  return {
    resource: plan.resource,
    status: 'failed',
    written: {},
    conflicts: plan.conflicts,
    skipped: plan.skipped,
    error,
  };
}

/** Carries out a tag plan: the tag writers in production, a no-op in explain (the plan is the answer). */
export interface PlanApplier {
  apply(plan: TagPlan): Promise<WriteOutcome[]>;
}

/** The IAM tags of the principal behind an event. */
export interface IamTagSource {
  read(ref: IamPrincipalRef): Promise<IamTagsResult>;
}

/** What a write did: a duplicate or an older event leaves the stored record as it is. */
export type PutOutcome = { status: 'written' } | { status: 'unchanged'; reason: string };

/** The session table as the recorder sees it: it writes records and looks up the callers of role chains. */
export interface SessionStore extends SessionLookup {
  put(record: SessionRecord): Promise<PutOutcome>;
}
