import { globMatches } from './glob';
import { isObject } from './cloudtrail';

/*
 * Whether a role's sessions can carry session tags, read from its trust policy. STS attaches session tags (passed
 * tags, SAML or OIDC principal tags, and the transitive tags a role chain hands on) only when the trust policy
 * allows the caller sts:TagSession; otherwise the call fails. So a role whose trust policy allows sts:TagSession to
 * nobody has sessions without session tags, and the tagger need not wait for their STS records.
 *
 * The reading is conservative: it only ever concludes "cannot carry tags" when no statement could allow the action.
 * Conditions and principals only narrow an Allow, so they are not evaluated; Deny statements are not credited
 * (a Deny with a condition may not apply); NotAction allows everything it does not name; anything unreadable counts
 * as "may carry tags".
 */

export const TAG_SESSION_ACTION = 'sts:TagSession';

export interface TagSessionVerdict {
  /** False only when no statement of the trust policy can allow sts:TagSession. */
  mayCarryTags: boolean;
  reason: string;
  /** Set when the document could not be read as a policy (the verdict is then the conservative one). */
  unreadable?: true;
}

/** The verdict for a trust policy as IAM returns it (URL-encoded JSON), as JSON text, or as a parsed object. */
export function tagSessionVerdict(document: unknown): TagSessionVerdict {
  const policy = parsePolicy(document);
  if (!policy) return unknown('it is not a JSON policy document');
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  if (statements.length === 0 || statements.some((s) => !isObject(s)))
    return unknown('its Statement is not a list of objects');
  for (const [i, s] of (statements as Record<string, unknown>[]).entries()) {
    if (s.Effect === 'Deny') continue;
    const name = typeof s.Sid === 'string' && s.Sid ? `statement ${i} (${s.Sid})` : `statement ${i}`;
    const allowing = allowingPattern(s);
    if (allowing === undefined) continue;
    const conditioned = isObject(s.Condition) && Object.keys(s.Condition).length > 0 ? ', under a condition' : '';
    return {
      mayCarryTags: true,
      reason: `its trust policy allows ${TAG_SESSION_ACTION} in ${name}: ${allowing}${conditioned}`,
    };
  }
  return {
    mayCarryTags: false,
    reason: `no statement of its trust policy allows ${TAG_SESSION_ACTION}, so its sessions carry no session tags`,
  };
}

/** What makes the statement allow sts:TagSession, or undefined when it cannot. */
function allowingPattern(s: Record<string, unknown>): string | undefined {
  if (s.Action !== undefined) {
    const actions = patterns(s.Action);
    if (!actions) return 'an Action that is not a list of strings';
    const hit = actions.find((a) => globMatches(a, TAG_SESSION_ACTION, true));
    return hit === undefined ? undefined : `Action ${hit}`;
  }
  if (s.NotAction !== undefined) {
    const excluded = patterns(s.NotAction);
    if (!excluded) return 'a NotAction that is not a list of strings';
    return excluded.some((a) => globMatches(a, TAG_SESSION_ACTION, true))
      ? undefined
      : `NotAction ${excluded.join(', ')}`;
  }
  return 'a statement with neither Action nor NotAction';
}

function patterns(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  return list.every((a): a is string => typeof a === 'string') ? list : undefined;
}

function unknown(why: string): TagSessionVerdict {
  return {
    mayCarryTags: true,
    reason: `its trust policy cannot be read (${why}): assumed its sessions may carry tags`,
    unreadable: true,
  };
}

function parsePolicy(document: unknown): Record<string, unknown> | undefined {
  if (isObject(document)) return document;
  if (typeof document !== 'string') return undefined;
  for (const text of [document, safeDecode(document)]) {
    if (text === undefined) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed)) return parsed;
    } catch {
      // Not JSON as it stands: IAM returns the document URL-encoded, tried next.
    }
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
