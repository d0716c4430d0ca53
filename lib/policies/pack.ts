import {
  buildPolicy,
  GeneratedPolicy,
  POLICY_SIZE_LIMIT,
  POLICY_USABLE_SIZE,
  PolicySizeError,
  PolicyType,
  policySize,
  Statement,
} from './document';

/** A statement with the concern it came from, in concern-list order. */
export interface ConcernStatement {
  concern: string;
  shrinkHint: string;
  statement: Statement;
}

/** `{"Version":"2012-10-17","Statement":[]}`: the part of every document that is not a statement. */
const DOCUMENT_OVERHEAD = policySize(JSON.stringify({ Version: '2012-10-17', Statement: [] }));

/** The name of the n-th document (from 1) of a type: it depends only on the position, never on what it holds. */
export function packedPolicyName(type: PolicyType, n: number): string {
  return `tagwarden-${type.toLowerCase()}-${n}`;
}

interface Bin {
  used: number;
  members: number[];
}

/**
 * Packs the statements of one policy type into the fewest documents it can, each within POLICY_USABLE_SIZE
 * (the limit less 10% headroom): first-fit decreasing, largest statement first, ties in concern-list order, so
 * the same statements always give the same documents. Within a document, statements keep concern-list order.
 * Throws PolicySizeError when one statement cannot fit a document on its own, and Error on a repeated Sid.
 */
export function packStatements(type: PolicyType, items: ConcernStatement[]): GeneratedPolicy[] {
  const seen = new Map<string, string>();
  for (const { concern, statement } of items) {
    const other = seen.get(statement.Sid);
    if (other !== undefined)
      throw new Error(
        `${type} Sid ${statement.Sid} is produced by both "${other}" and "${concern}": ` +
          'Sids must be unique within a policy type',
      );
    seen.set(statement.Sid, concern);
  }
  const sizes = items.map((i) => policySize(JSON.stringify(i.statement)));
  sizes.forEach((size, i) => {
    if (DOCUMENT_OVERHEAD + size > POLICY_USABLE_SIZE) {
      const { concern, statement, shrinkHint } = items[i];
      throw new PolicySizeError(
        `${type} statement ${statement.Sid} (${concern}) is ${size} characters minified: ` +
          `with the document around it that is ${DOCUMENT_OVERHEAD + size - POLICY_USABLE_SIZE} over ` +
          `the ${POLICY_USABLE_SIZE} characters a document may use ` +
          `(the ${POLICY_SIZE_LIMIT}-character limit less 10% headroom): ${shrinkHint}`,
      );
    }
  });
  const order = items.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const bins: Bin[] = [];
  for (const i of order) {
    // A statement after the first in a document also costs the comma before it.
    const bin = bins.find((b) => b.used + 1 + sizes[i] <= POLICY_USABLE_SIZE);
    if (bin) {
      bin.used += 1 + sizes[i];
      bin.members.push(i);
    } else {
      bins.push({ used: DOCUMENT_OVERHEAD + sizes[i], members: [i] });
    }
  }
  return bins.map((bin, n) => {
    const members = [...bin.members].sort((a, b) => a - b).map((i) => items[i]);
    const concerns = [...new Set(members.map((m) => m.concern))];
    return buildPolicy(
      {
        name: packedPolicyName(type, n + 1),
        type,
        description: `tagwarden principal-tag guard, ${type} ${n + 1} of ${bins.length}: ${concerns.join(', ')}`,
        concerns,
      },
      members.map((m) => m.statement),
    );
  });
}
