/** The shapes of the generated SCP and RCP documents, and the size budget they must fit. */

export type PolicyType = 'SCP' | 'RCP';

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  /** RCPs require `Principal: "*"`; SCPs must not have a Principal. */
  Principal?: '*';
  Action: string | string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

/**
 * Organizations limits SCP and RCP documents to 5,120 characters; it counts the document as sent, so we send it
 * minified. Whether a non-ASCII character such as `ſ` counts once or by its UTF-8 bytes is not documented: the
 * budget counts bytes, the larger of the two.
 */
export const POLICY_SIZE_LIMIT = 5120;

/** One generated document, ready to export or attach. */
export interface GeneratedPolicy {
  /** The policy name in AWS Organizations and the file name (without `.json`) in `policies/`. */
  name: string;
  type: PolicyType;
  description: string;
  document: PolicyDocument;
  /** Minified JSON: what is written to disk and sent to Organizations. */
  content: string;
  /** UTF-8 bytes of `content` (equal to its characters when it is ASCII). */
  size: number;
  /** Characters left before the limit. */
  headroom: number;
}

/** A config whose documents cannot fit the limit. The message names the document, the excess and the fix. */
export class PolicySizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicySizeError';
  }
}

export interface PolicyDraft {
  name: string;
  type: PolicyType;
  description: string;
  statements: Statement[];
  /** What the admin can change in the config to make this document smaller. */
  shrinkHint: string;
}

/** Organizations accepts policy descriptions of at most 512 characters. */
const MAX_DESCRIPTION = 512;

/** The size Organizations is held to: UTF-8 bytes, not JavaScript's UTF-16 units (`ſ` is 1 unit, 2 bytes). */
export function policySize(content: string): number {
  return Buffer.byteLength(content, 'utf8');
}

/** Minifies the draft and enforces the size budget. */
export function finalizePolicy(draft: PolicyDraft): GeneratedPolicy {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: draft.statements };
  const content = JSON.stringify(document);
  const size = policySize(content);
  if (size > POLICY_SIZE_LIMIT) {
    throw new PolicySizeError(
      `${draft.type} ${draft.name} is ${size} characters minified, ${size - POLICY_SIZE_LIMIT} over the ${POLICY_SIZE_LIMIT}-character limit: ${draft.shrinkHint}`,
    );
  }
  const description = draft.description.length > MAX_DESCRIPTION ? `${draft.description.slice(0, MAX_DESCRIPTION - 3)}...` : draft.description;
  return { name: draft.name, type: draft.type, description, document, content, size, headroom: POLICY_SIZE_LIMIT - size };
}
