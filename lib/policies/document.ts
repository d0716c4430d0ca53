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

/**
 * The share of the limit every packed document leaves free, so a small config change does not spill into a new
 * document (and a new attachment slot).
 */
export const POLICY_HEADROOM_SHARE = 0.1;

/** The size a packed document may use: the limit less the headroom. */
export const POLICY_USABLE_SIZE = Math.floor(POLICY_SIZE_LIMIT * (1 - POLICY_HEADROOM_SHARE));

/**
 * The size of a document as uploaded, counted in UTF-8 bytes. For ASCII this equals the characters Organizations
 * counts; a statement may carry non-ASCII spellings, and whether the limit then counts characters or bytes is not
 * documented, so the larger count is used. Every size in tagwarden comes from here.
 */
export function policySize(content: string): number {
  return Buffer.byteLength(content, 'utf8');
}

/** One generated document, ready to export or attach. */
export interface GeneratedPolicy {
  /** The policy name in AWS Organizations and the file name (without `.json`) in `policies/`. */
  name: string;
  type: PolicyType;
  description: string;
  document: PolicyDocument;
  /** Minified JSON: what is written to disk and sent to Organizations. */
  content: string;
  /** Size of `content` as uploaded (see policySize). */
  size: number;
  /** Size left before the limit. */
  headroom: number;
  /** The concerns whose statements this document holds, in the order of the concern list. */
  concerns: string[];
}

/** A config whose documents cannot fit the limit. The message names the document, the excess and the fix. */
export class PolicySizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicySizeError';
  }
}

/** Organizations accepts policy descriptions of at most 512 characters. */
const MAX_DESCRIPTION = 512;

/** The minified document of `statements`, with its size and headroom. */
export function buildPolicy(
  fields: Pick<GeneratedPolicy, 'name' | 'type' | 'description' | 'concerns'>,
  statements: Statement[],
): GeneratedPolicy {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  const content = JSON.stringify(document);
  const size = policySize(content);
  const long = fields.description.length > MAX_DESCRIPTION;
  const description = long ? `${fields.description.slice(0, MAX_DESCRIPTION - 3)}...` : fields.description;
  return { ...fields, description, document, content, size, headroom: POLICY_SIZE_LIMIT - size };
}
