import { TagwardenConfig } from '../config';
import { FOLDED_SPELLINGS, partitionOf } from '../../lambda/core/aws-syntax';
import { POLICY_SIZE_LIMIT, PolicySizeError } from './document';

/*
 * Facts these patterns rely on (IAM User Guide: "Condition element", "Tags for IAM resources", "IAM identifiers"):
 * - IAM tag keys and session tag keys are case-insensitive: `SCP-x` and `scp-x` are the same key on a principal.
 * - `StringLike` is case-sensitive and only knows the wildcards `*` and `?`: there is no character class,
 *   so a `scp-*` pattern does not match `SCP-x`. Every letter-case variant of the prefix must be listed.
 * - Context key NAMES are case-insensitive (`aws:PrincipalTag/scp-exempt-x` also reads a tag spelled
 *   `SCP-Exempt-X`). An exemption check therefore IS satisfied by a differently cased key; it stays sound only
 *   because no principal but the tagger can set any case variant of the prefix, as a resource tag (SCP) or as a
 *   session tag (SCP for callers in the org, RCP for every caller).
 * - `ArnLike` is case-sensitive and aws:PrincipalArn carries the role's ARN as IAM stores it, so a role named
 *   `Tagger` is not the tagger. IAM names are unique regardless of case, so `Tagger` cannot exist next to `tagger`.
 *   For a role as the target of a call, the ARN's case is not documented (see protect-tagwarden.ts).
 */

/** More variants than this cannot fit one document anyway: fail before building them. */
const MAX_VARIANTS = Math.floor(POLICY_SIZE_LIMIT / 4);

/** The spellings of one character of the prefix: itself, its other case, and any hedged fold onto it. */
function spellingsOf(lower: string): string[] {
  const upper = lower.toUpperCase();
  return [...new Set([lower, upper, ...(FOLDED_SPELLINGS[lower] ?? [])])];
}

/**
 * Every spelling of `prefix` a case-insensitive comparison could equate with it: each upper/lower-case variant
 * plus the hedged folds above. The given spelling's lower-case form comes first, in a stable order.
 */
export function caseVariants(prefix: string): string[] {
  const options = [...prefix.toLowerCase()].map(spellingsOf);
  const count = options.reduce((n, o) => n * o.length, 1);
  if (count > MAX_VARIANTS) {
    const letters = options.filter((o) => o.length > 1).length;
    throw new PolicySizeError(
      `protectedTagPrefix "${prefix}" has ${letters} letters, so ${count} spellings: no policy can list them within ${POLICY_SIZE_LIMIT} characters; use a prefix with at most 8 letters, such as "scp-"`,
    );
  }
  let variants = [''];
  for (const choices of options) variants = choices.flatMap((c) => variants.map((v) => v + c));
  return variants;
}

/** `StringLike` patterns that match every tag key starting with the protected prefix, in any letter case. */
export function protectedKeyPatterns(config: TagwardenConfig): string[] {
  return caseVariants(config.protectedTagPrefix).map((v) => `${v}*`);
}

/** The ARN partition of the org's regions (`aws`, `aws-us-gov`, `aws-cn`, `aws-iso`, ...). */
export function orgPartition(config: TagwardenConfig): string {
  return partitionOf(config.homeRegion);
}

/** An ARN pattern for a role name (or a `*` pattern) in any account of the partition. Roles with a path do not match. */
export function roleArnPattern(config: TagwardenConfig, roleName: string): string {
  return `arn:${orgPartition(config)}:iam::*:role/${roleName}`;
}
