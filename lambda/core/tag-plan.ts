import { ParsedEvent } from './cloudtrail';
import { Principal } from './principal';
import { Rejection } from './rejection';
import { ResourceRef, Tags } from './resource';
import { SessionLookupResult } from './session';
import { RuntimeSettings } from './settings';
import { TagSessionVerdict } from './trust-policy';
import {
  applyToExisting,
  CandidateTag,
  Conflict,
  inPriorityOrder,
  isPropagated,
  mergePrincipalTags,
  reservedReason,
  skip,
  SkippedTag,
  tagProblem,
} from './tag-merge';

export type PlanSettings = Pick<
  RuntimeSettings,
  'protectedTagPrefix' | 'ownerTagKey' | 'propagation' | 'conflict' | 'crossAccountCreators'
>;

/** The principal's IAM tags, as the reader could get them. */
export type IamTagsResult =
  | {
      status: 'read';
      tags: Tags;
      /** For a role read with GetRole: whether its trust policy lets its sessions carry session tags. */
      tagSession?: TagSessionVerdict;
    }
  /** The principal has no IAM user or role (root, a service, an identity outside IAM). */
  | { status: 'none' }
  /** It has one, but its tags could not be read (another account without a tagger role, for example). */
  | { status: 'unavailable'; reason: string }
  /** It has one, but the config says not to read it: a creator of another account (crossAccountCreators: owner). */
  | { status: 'not-read'; reason: string };

/** The session lookup's answer, or why no lookup was made. */
export type SessionInput = SessionLookupResult | { status: 'not-applicable'; reason: string };

export interface PlanInput {
  event: ParsedEvent;
  resources: ResourceRef[];
  principal: Principal;
  iamTags: IamTagsResult;
  session: SessionInput;
  settings: PlanSettings;
}

export type WarningCode = 'session-missing' | 'iam-tags-unavailable' | 'cross-account-principal' | 'owner-invalid';

export interface PlanWarning {
  code: WarningCode;
  message: string;
}

/** Whether a missing session record is worth waiting for, and why: explain prints it, the tagger acts on it. */
export interface SessionWait {
  waits: boolean;
  reason: string;
}

export interface ResourcePlan {
  resource: ResourceRef;
  /** The tags to write, judged against the tags the resource was created with. */
  write: Tags;
  conflicts: Conflict[];
  /** Kept conflicts and tags over the resource's limit. */
  skipped: SkippedTag[];
}

export interface TagPlan {
  eventId: string;
  account: string;
  region: string;
  owner: string;
  conflict: 'keep' | 'overwrite';
  /** Every tag the principal contributes after filtering, in priority order. */
  candidates: CandidateTag[];
  /** Tags left out for every resource (reserved, excluded, invalid, overridden). */
  skipped: SkippedTag[];
  resources: ResourcePlan[];
  warnings: PlanWarning[];
  /** Set when the session's record may still arrive: the event should be retried rather than tagged now. */
  retry?: string;
  /** Set when the session's record was not found: whether the tagger waits for it. */
  sessionWait?: SessionWait;
}

/**
 * Whether the tagger waits for a missing session record of this principal. Only sessions that can carry session
 * tags are waited for: a role session when its trust policy may allow sts:TagSession (or is not known), and a
 * federated-user session (GetFederationToken takes tags from any caller allowed to call it).
 */
export function sessionWaitFor(principal: Principal, iamTags: IamTagsResult): SessionWait {
  if (!principal.mayHaveSessionTags) return { waits: false, reason: `a ${principal.kind} has no session tags` };
  if (principal.kind !== 'assumed-role') {
    return { waits: true, reason: `a ${principal.kind} session may carry the tags passed when it was created` };
  }
  const role = principal.iamPrincipal ? `role ${principal.iamPrincipal.name}` : 'the role';
  if (iamTags.status === 'read' && iamTags.tagSession) {
    const verdict = iamTags.tagSession;
    return { waits: verdict.mayCarryTags, reason: `${role}: ${verdict.reason}` };
  }
  const notRead =
    iamTags.status === 'read' ? undefined : iamTags.status === 'none' ? 'no IAM role is named' : iamTags.reason;
  const why = notRead === undefined ? 'its trust policy was not read' : `it was not read (${notRead})`;
  return { waits: true, reason: `${role}: ${why}, so its sessions are assumed to "may carry tags"` };
}

/**
 * What to write on every resource of an event. Pure and JSON-friendly: the tagger executes the plan, the CLI's
 * explain prints it. Throws a Rejection (account-mismatch) when the session record belongs to another account.
 */
export function planTags(input: PlanInput): TagPlan {
  const { event, principal, iamTags, session, settings } = input;
  const warnings: PlanWarning[] = [];
  let retry: string | undefined;
  let sessionWait: SessionWait | undefined;

  let sessionTags: Tags = {};
  if (session.status === 'found') {
    if (session.record.account !== event.account) {
      throw new Rejection(
        'account-mismatch',
        `the session record of ${session.record.accessKeyId} belongs to account ${session.record.account}, not to the event's account ${event.account}`,
        'userIdentity.accessKeyId',
      );
    }
    sessionTags = session.record.tags;
  } else if (session.status === 'missing') {
    // A session that cannot carry session tags loses nothing without its record: no wait, no warning.
    sessionWait = sessionWaitFor(principal, iamTags);
    if (sessionWait.waits && session.mayStillArrive) {
      retry = `the session record is not there yet and may still arrive: ${session.reason}`;
    } else if (sessionWait.waits) {
      warnings.push({ code: 'session-missing', message: `tagged without session tags: ${session.reason}` });
    }
  }

  if (iamTags.status === 'unavailable')
    warnings.push({ code: 'iam-tags-unavailable', message: `tagged without IAM tags: ${iamTags.reason}` });
  if (principal.crossAccount) {
    const used =
      iamTags.status === 'not-read'
        ? `only the ${settings.ownerTagKey} tag is written (${iamTags.reason})`
        : 'its session tags are not used';
    const message =
      `the creator ${principal.owner} belongs to account ${principal.account}, ` + `not to ${event.account}: ${used}`;
    warnings.push({ code: 'cross-account-principal', message });
  }

  const merged = mergePrincipalTags(iamTags.status === 'read' ? iamTags.tags : {}, sessionTags);
  const skipped: SkippedTag[] = [...merged.overridden];
  const candidates: CandidateTag[] = [];
  const ownerKey = settings.ownerTagKey.toLowerCase();
  for (const tag of merged.tags) {
    const reserved = reservedReason(tag.key, settings.protectedTagPrefix);
    if (reserved) {
      const detail =
        reserved === 'protected-prefix'
          ? `keys starting with ${settings.protectedTagPrefix} (any case) are never copied`
          : 'keys starting with aws: are reserved for AWS';
      skipped.push(skip(tag, reserved, detail));
    } else if (tag.key.toLowerCase() === ownerKey) {
      skipped.push(skip(tag, 'overridden', `${settings.ownerTagKey} always names the creator`));
    } else if (!isPropagated(tag.key, settings.propagation)) {
      skipped.push(skip(tag, 'excluded', 'left out by propagation.include/exclude'));
    } else {
      const problem = tagProblem(tag.key, tag.value);
      if (problem) skipped.push(skip(tag, 'invalid', problem));
      else candidates.push(tag);
    }
  }

  const owner: CandidateTag = { key: settings.ownerTagKey, value: principal.owner, source: 'owner' };
  const ownerProblem = tagProblem(owner.key, owner.value);
  if (ownerProblem) {
    skipped.push(skip(owner, 'invalid', ownerProblem));
    warnings.push({ code: 'owner-invalid', message: `the ${owner.key} tag cannot be written: ${ownerProblem}` });
  } else {
    candidates.push(owner);
  }

  const ordered = inPriorityOrder(candidates);
  const resources = input.resources.map((resource): ResourcePlan => {
    const applied = applyToExisting(resource.creationTags, ordered, settings.conflict, resource.maxTags);
    return { resource, write: applied.write, conflicts: applied.conflicts, skipped: applied.skipped };
  });

  return {
    eventId: event.id,
    account: event.account,
    region: event.region,
    owner: principal.owner,
    conflict: settings.conflict,
    candidates: ordered,
    skipped,
    resources,
    warnings,
    ...(retry ? { retry } : {}),
    ...(sessionWait ? { sessionWait } : {}),
  };
}
