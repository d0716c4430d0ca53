import { foldCase } from '../../../lambda/core/aws-syntax';
import { actionsOf, finding, LintRule, listed } from '../context';
import { CASE_SENSITIVE_STRING_OPERATORS, isLikeOperator } from '../operators';
import { tagsPrincipals, TAG_KEYS } from '../tags';
import { Finding } from '../types';

/*
 * IAM user/role tag keys and session tag keys are case-insensitive, but StringEquals/StringLike compare case.
 * A guard on `scp-*` alone lets `SCP-exempt` through, and that key still answers aws:PrincipalTag/scp-exempt.
 * The guard holds only when it lists every letter-case variant of each value (or ignores case).
 */

/** Above this many cased letters the variants (2^n) cannot reasonably be listed in a policy. */
const MAX_ENUMERABLE_LETTERS = 8;
/** Above this many, missing variants are not searched for; the all-capitals spelling stands for them. */
const MAX_SEARCHED_LETTERS = 16;

/**
 * The values grouped by their case-folded form (`ſ` folds to `s`): the spellings of one case-insensitive key. Each
 * group is reported by its folded form and holds only its plain letter-case spellings, which must all be listed;
 * extra folded spellings (a hedge such as `ſcp-*`) neither count towards them nor make a group of their own.
 */
function groupByFoldedCase(values: string[]): [string, Set<string>][] {
  const groups = new Map<string, Set<string>>();
  for (const v of values) {
    const key = foldCase(v);
    const group = groups.get(key) ?? new Set();
    if (v.toLowerCase() === key) group.add(v);
    groups.set(key, group);
  }
  return [...groups.entries()];
}

function casedLetters(value: string): number {
  return [...value].filter((ch) => ch.toLowerCase() !== ch.toUpperCase()).length;
}

/** The letter-case variants of `value` that `present` does not list, up to `limit` of them. */
function missingCaseVariants(value: string, present: Set<string>, limit = 3): string[] {
  const chars = [...value];
  const letters = chars.flatMap((ch, i) => (ch.toLowerCase() !== ch.toUpperCase() ? [i] : []));
  const missing: string[] = [];
  for (let mask = 0; mask < 2 ** letters.length && missing.length < limit; mask++) {
    const variant = chars.map((ch, i) => {
      const bit = letters.indexOf(i);
      return bit < 0 ? ch : mask & (1 << bit) ? ch.toUpperCase() : ch.toLowerCase();
    });
    const v = variant.join('');
    if (!present.has(v)) missing.push(v);
  }
  return missing;
}

export const caseSensitivePrincipalTagGuard: LintRule = {
  id: 'case-sensitive-principal-tag-guard',
  severity: 'error',
  summary:
    'A case-sensitive aws:TagKeys test guards IAM or session tags, whose keys are case-insensitive: another spelling of the key bypasses it.',
  check(ctx) {
    const out: Finding[] = [];
    for (const stmt of ctx.policy.statements) {
      const principalActions = actionsOf(ctx, stmt).filter(tagsPrincipals);
      if (principalActions.length === 0) continue;
      for (const c of stmt.conditions) {
        if (c.keyLower !== TAG_KEYS || !CASE_SENSITIVE_STRING_OPERATORS.has(c.base)) continue;
        // Only a test that catches keys can be slipped past; an allow-list that misses a spelling rejects it.
        const catchesKeys = stmt.effect === 'Deny' ? !c.negated : c.negated;
        if (!catchesKeys) continue;
        for (const [folded, spellings] of groupByFoldedCase(c.values)) {
          const value = [...spellings][0] ?? folded;
          const letters = casedLetters(value);
          if (letters === 0 || spellings.size >= 2 ** letters) continue;
          const missing =
            letters <= MAX_SEARCHED_LETTERS
              ? missingCaseVariants(value, spellings)
              : [value === value.toUpperCase() ? value.toLowerCase() : value.toUpperCase()];
          const fix = isLikeOperator(c.base)
            ? letters > MAX_ENUMERABLE_LETTERS
              ? `shorten the literal part of "${value}" to the protected prefix and list every letter-case variant of it`
              : `list every letter-case variant of "${value}" (${2 ** letters} values), e.g. add ${listed(missing.map((m) => `"${m}"`))}`
            : `use ${c.set ? `${c.set}:` : ''}${c.base}IgnoreCase`;
          out.push(
            finding(
              this,
              stmt,
              `${c.operator} on aws:TagKeys compares case, but IAM and session tag keys do not: "${missing[0]}" is the same tag as "${value}" and is not caught (${listed(principalActions.map((a) => a.id))})`,
              fix,
            ),
          );
        }
      }
    }
    return out;
  },
};
