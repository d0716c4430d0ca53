import { foldCase, tagKeyProblem, tagValueProblem } from './aws-syntax';
import { Tags } from './resource';
import { globMatches } from './glob';

/*
 * The tag rules, as small pure functions. The planner (tag-plan.ts) chains them for the event; the S3 writers
 * call `applyToExisting` again on the tag set they read, so both follow exactly the same rules.
 *
 * Priority order (what survives when a resource cannot hold every tag): the Owner tag first, then session tags,
 * then IAM tags; within each source, keys in case-insensitive alphabetical order. Session tags come before IAM
 * tags because they describe this very session (and override IAM tags on a clash anyway); the order inside a
 * source is alphabetical so the same event always keeps the same tags.
 */

export type TagSource = 'owner' | 'session' | 'iam';

/** A tag the principal contributes, with where it came from. */
export interface CandidateTag {
  key: string;
  value: string;
  source: TagSource;
}

export type SkipReason =
  /** The key starts with the protected prefix, in any letter case. */
  | 'protected-prefix'
  /** The key starts with `aws:`, which only AWS may write. */
  | 'reserved-prefix'
  /** Not matched by propagation.include, or matched by propagation.exclude. */
  | 'excluded'
  /** Too long, empty, or has characters tags do not allow. */
  | 'invalid'
  /** An IAM tag with the same key (in any case) as a session tag, or a principal tag named like the Owner tag. */
  | 'overridden'
  /** The resource already has the key with another value, and the config says keep. */
  | 'conflict-kept'
  /** The resource's tag limit was reached before this tag's turn. */
  | 'over-limit';

export interface SkippedTag {
  key: string;
  value: string;
  source: TagSource;
  reason: SkipReason;
  detail: string;
}

export interface Conflict {
  key: string;
  existing: string;
  proposed: string;
  resolution: 'kept' | 'overwritten';
}

/**
 * The tag, left out for `reason`. Written out field by field: on Node 20 a field defined after a spread
 * (`{ ...tag, reason }`) costs about a microsecond, and every event skips some tags.
 */
export function skip(tag: CandidateTag, reason: SkipReason, detail: string): SkippedTag {
  return { key: tag.key, value: tag.value, source: tag.source, reason, detail };
}

const AWS_PREFIX = 'aws:';

/** Session tags override IAM tags; keys are compared without regard to case, and the session's spelling wins. */
export function mergePrincipalTags(
  iamTags: Tags,
  sessionTags: Tags,
): { tags: CandidateTag[]; overridden: SkippedTag[] } {
  const byKey = new Map<string, CandidateTag>();
  const overridden: SkippedTag[] = [];
  for (const [key, value] of Object.entries(iamTags)) byKey.set(key.toLowerCase(), { key, value, source: 'iam' });
  for (const [key, value] of Object.entries(sessionTags)) {
    const previous = byKey.get(key.toLowerCase());
    if (previous?.source === 'iam') {
      overridden.push(skip(previous, 'overridden', `the session tag ${key}=${value} overrides the IAM tag`));
    }
    byKey.set(key.toLowerCase(), { key, value, source: 'session' });
  }
  return { tags: [...byKey.values()], overridden };
}

/** Why a key must never be written, or undefined when it may be. Both prefixes are matched in any letter case. */
export function reservedReason(
  key: string,
  protectedPrefix: string,
): 'protected-prefix' | 'reserved-prefix' | undefined {
  // Folded as the guard folds them, so `ſcp-x` (a spelling the guard treats as `scp-x`) is never copied either.
  const lower = foldCase(key);
  if (protectedPrefix && lower.startsWith(foldCase(protectedPrefix))) return 'protected-prefix';
  if (lower.startsWith(AWS_PREFIX)) return 'reserved-prefix';
  return undefined;
}

/** A key is propagated when some include glob matches it and no exclude glob does, without regard to case. */
export function isPropagated(key: string, propagation: { include: string[]; exclude: string[] }): boolean {
  return (
    propagation.include.some((p) => globMatches(p, key, true)) &&
    !propagation.exclude.some((p) => globMatches(p, key, true))
  );
}

/** What is wrong with a tag, or undefined when every tagging API accepts it. */
export function tagProblem(key: string, value: string): string | undefined {
  return tagKeyProblem(key) ?? tagValueProblem(value);
}

const SOURCE_RANK: Record<TagSource, number> = { owner: 0, session: 1, iam: 2 };

/** Sorts candidates into the documented priority order (see the top of this module). */
export function inPriorityOrder(tags: CandidateTag[]): CandidateTag[] {
  return [...tags].sort((a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source] || compareKeys(a.key, b.key));
}

function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface AppliedTags {
  /** Only the tags to send: new keys, and changed values when overwriting. Empty when nothing changes. */
  write: Tags;
  /** The resource's whole tag set after the write: every existing tag, plus `write`. */
  result: Tags;
  conflicts: Conflict[];
  /** Tags not written, with why (kept conflicts and the tag limit). */
  skipped: SkippedTag[];
}

/**
 * Lays candidates (in priority order) over a resource's existing tags. An existing key matches a candidate in any
 * letter case, so a resource never ends up with two spellings of one key; when overwriting, the existing spelling
 * is kept. Existing tags are never removed, and new keys stop at `maxTags`. `keep` protects every key but the Owner
 * tag, which always names the creator (see applyOwner).
 */
export function applyToExisting(
  existing: Tags,
  candidates: CandidateTag[],
  conflict: 'keep' | 'overwrite',
  maxTags: number,
): AppliedTags {
  const existingKey = new Map(Object.keys(existing).map((k) => [k.toLowerCase(), k]));
  let count = Object.keys(existing).length;
  const write: Tags = {};
  const conflicts: Conflict[] = [];
  const skipped: SkippedTag[] = [];
  for (const c of candidates) {
    if (c.source === 'owner') {
      const owner = applyOwner(existing, c, count, maxTags);
      conflicts.push(...owner.conflicts);
      if (owner.write) {
        write[c.key] = c.value;
        if (!(c.key in existing)) count++;
      } else if (owner.skipped) {
        skipped.push(owner.skipped);
      }
      existingKey.set(c.key.toLowerCase(), c.key);
      continue;
    }
    const key = existingKey.get(c.key.toLowerCase());
    if (key !== undefined) {
      const current = key in write ? write[key] : existing[key];
      if (current === undefined || current === c.value) continue;
      if (conflict === 'keep') {
        conflicts.push({ key, existing: current, proposed: c.value, resolution: 'kept' });
        skipped.push(skip(c, 'conflict-kept', `the resource already has ${key}=${current}`));
      } else {
        conflicts.push({ key, existing: current, proposed: c.value, resolution: 'overwritten' });
        write[key] = c.value;
      }
      continue;
    }
    if (count >= maxTags) {
      skipped.push(skip(c, 'over-limit', `the resource holds at most ${maxTags} tags`));
      continue;
    }
    write[c.key] = c.value;
    existingKey.set(c.key.toLowerCase(), c.key);
    count++;
  }
  return { write, result: withWrite(existing, write), conflicts, skipped };
}

/**
 * The Owner tag names the real creator, whatever `conflict` says: under the exact configured key it is written,
 * replacing any other value (a creator may not name someone else). A key that differs only in case is another key
 * on most services: it is left as it is and reported as a conflict, never removed.
 */
function applyOwner(
  existing: Tags,
  owner: CandidateTag,
  count: number,
  maxTags: number,
): { write: boolean; conflicts: Conflict[]; skipped?: SkippedTag } {
  const conflicts: Conflict[] = Object.entries(existing)
    .filter(([k]) => k !== owner.key && k.toLowerCase() === owner.key.toLowerCase())
    .map(([k, v]) => ({ key: k, existing: v, proposed: owner.value, resolution: 'kept' as const }));
  const current = existing[owner.key];
  if (current === owner.value) return { write: false, conflicts };
  if (current !== undefined) {
    const replaced: Conflict = { key: owner.key, existing: current, proposed: owner.value, resolution: 'overwritten' };
    return { write: true, conflicts: [...conflicts, replaced] };
  }
  if (count >= maxTags) {
    const detail = `the resource holds at most ${maxTags} tags`;
    return { write: false, conflicts, skipped: skip(owner, 'over-limit', detail) };
  }
  return { write: true, conflicts };
}

/**
 * The existing tags with `write` laid over them: `{ ...existing, ...write }`, which costs about a microsecond per
 * written key on Node 20, spelled as a single spread when one of the two is empty (as it is for most resources).
 */
function withWrite(existing: Tags, write: Tags): Tags {
  if (Object.keys(write).length === 0) return { ...existing };
  if (Object.keys(existing).length === 0) return { ...write };
  return { ...existing, ...write };
}
