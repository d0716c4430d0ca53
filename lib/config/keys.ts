import { z } from 'zod';

/*
 * What the config accepts at a place, read from the zod schema itself, so that an unknown key can be answered with the
 * nearest key that would have been accepted there.
 */

/** The keys the object at `path` accepts (list indexes pass through lists), or [] where the path leads to no object. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: z.ZodType | undefined = unwrap(schema);
  for (const step of path) {
    if (at instanceof z.ZodArray && typeof step === 'number') at = unwrap(at.element as z.ZodType);
    else if (at instanceof z.ZodObject && typeof step === 'string')
      at = step in at.shape ? unwrap(at.shape[step] as z.ZodType) : undefined;
    else return [];
  }
  return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)
    s = s.unwrap() as z.ZodType;
  return s;
}

/** The candidate closest to `word` by edit distance, ignoring case; the first one listed on a tie. */
export function nearestKey(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}
