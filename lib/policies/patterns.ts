import { TagwardenConfig } from '../config';
import { partitionOf } from '../../lambda/core/aws-syntax';
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

/** Every upper/lower-case spelling of `prefix`, the given spelling's lower-case form first, in a stable order. */
export function caseVariants(prefix: string): string[] {
  const chars = [...prefix.toLowerCase()];
  const letterAt = chars.flatMap((c, i) => (c.toUpperCase() !== c ? [i] : []));
  const count = 2 ** letterAt.length;
  if (count > MAX_VARIANTS) {
    throw new PolicySizeError(
      `protectedTagPrefix "${prefix}" has ${letterAt.length} letters, so ${count} letter-case variants: no policy can list them within ${POLICY_SIZE_LIMIT} characters; use a prefix with at most 8 letters, such as "scp-"`,
    );
  }
  const variants: string[] = [];
  for (let mask = 0; mask < count; mask++) {
    const spelled = [...chars];
    letterAt.forEach((pos, bit) => {
      if (mask & (1 << bit)) spelled[pos] = spelled[pos].toUpperCase();
    });
    variants.push(spelled.join(''));
  }
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
