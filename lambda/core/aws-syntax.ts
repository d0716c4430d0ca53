/*
 * The syntax of AWS identifiers, owned here and nowhere else: partitions and their global region, ARNs, account ids,
 * and the characters and lengths tag keys and values may have. Pure: no SDK, no config.
 */

/** The ARN partitions: `aws`, `aws-cn` (China), `aws-us-gov` (GovCloud (US)), and the isolated `aws-iso*` ones. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b';

/** The partition a region belongs to, read from its name as AWS spells regions (`cn-north-1`, `us-gov-west-1`). */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/** A region code such as `us-east-1`, `us-gov-west-1`, `cn-north-1` or `eu-central-2`. */
const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

/** The partitions tagwarden supports: the ones whose global region AWS documents publicly. */
export type SupportedPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/**
 * Each partition's global region: IAM's endpoint, and the region where CloudTrail delivers the events of global
 * services (IAM, STS's global endpoint) as EventBridge events. See docs/aws-contract.md.
 */
export const GLOBAL_REGION: Record<SupportedPartition, string> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-north-1',
};

export function isSupportedPartition(partition: string): partition is SupportedPartition {
  return Object.prototype.hasOwnProperty.call(GLOBAL_REGION, partition);
}

/** An account id as a regular-expression fragment, for patterns that embed one (ARN shapes). */
export const ACCOUNT_ID_SOURCE = '\\d{12}';
/** An ARN's partition field as a regular-expression fragment: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, ... */
export const PARTITION_SOURCE = 'aws(?:-[a-z]+)*';

export const ACCOUNT_ID = new RegExp(`^${ACCOUNT_ID_SOURCE}$`);
const PARTITION = new RegExp(`^${PARTITION_SOURCE}$`);

/** An AWS account id: exactly 12 digits, leading zeros included. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID.test(value);
}

/** The six fields of `arn:<partition>:<service>:<region>:<account>:<resource>`; region and account may be empty. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, colons included (`db:orders`, `function:f:1`). */
  resource: string;
}

/**
 * The fields of an ARN, or undefined when the text has not the ARN layout (`arn:` and six fields). The fields are
 * returned as written, not checked: callers compare them (an account that is not the event's is refused).
 */
export function parseArn(arn: string): ArnParts | undefined {
  // Found by the positions of the first five colons: every resource is parsed on every event (no split, no join).
  if (!arn.startsWith('arn:')) return undefined;
  const p = arn.indexOf(':', 4);
  const s = p < 0 ? -1 : arn.indexOf(':', p + 1);
  const r = s < 0 ? -1 : arn.indexOf(':', s + 1);
  const a = r < 0 ? -1 : arn.indexOf(':', r + 1);
  if (a < 0) return undefined;
  return {
    partition: arn.slice(4, p),
    service: arn.slice(p + 1, s),
    region: arn.slice(s + 1, r),
    account: arn.slice(r + 1, a),
    resource: arn.slice(a + 1),
  };
}

export function formatArn(parts: ArnParts): string {
  return `arn:${parts.partition}:${parts.service}:${parts.region}:${parts.account}:${parts.resource}`;
}

/** An IAM ARN (IAM is global: no region): `iamArn('aws-cn', '123456789012', 'role/tagger')`. */
export function iamArn(partition: string, account: string, resource: string): string {
  return formatArn({ partition, service: 'iam', region: '', account, resource });
}

/** The account an ARN names, when it names a 12-digit account id; undefined for no ARN, no account or another value. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn === undefined ? undefined : parseArn(arn)?.account;
  return isAccountId(account) ? account : undefined;
}

/** The account of an STS session ARN (`assumed-role/ROLE/SESSION` or `federated-user/NAME`), else undefined. */
export function sessionArnAccount(arn: string): string | undefined {
  const p = parseArn(arn);
  if (
    !p ||
    !PARTITION.test(p.partition) ||
    p.service !== 'sts' ||
    p.region !== '' ||
    !/^(?:assumed-role|federated-user)\//.test(p.resource)
  )
    return undefined;
  return isAccountId(p.account) ? p.account : undefined;
}

/*
 * Tags. Every tagging API accepts keys of 1-128 and values of 0-256 characters made of letters, digits and spaces in
 * any script and `_ . : / = + - @` (see docs/aws-contract.md). Lengths count characters, not UTF-16 units.
 */
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
export const TAG_CHARACTERS_TEXT = 'letters, digits, spaces and _ . : / = + - @';
/** One tag character as a regular-expression fragment (needs the `u` flag). */
export const TAG_CHARACTER_SOURCE = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]';
const TAG_CHARS = new RegExp(`^${TAG_CHARACTER_SOURCE}*$`, 'u');

/** True when every character of the text is one tag keys and values may hold. */
export function hasOnlyTagCharacters(text: string): boolean {
  return TAG_CHARS.test(text);
}

/** The characters of the text a tag may not hold, in order, each once. */
export function nonTagCharacters(text: string): string[] {
  return [...new Set([...text].filter((c) => !TAG_CHARS.test(c)))];
}

/**
 * The length of the text in characters (code points, not UTF-16 units) when that is over `limit`, else undefined.
 * A text of at most `limit` UTF-16 units cannot be over it, so only longer texts are counted character by character.
 */
function lengthOver(text: string, limit: number): number | undefined {
  if (text.length <= limit) return undefined;
  const length = [...text].length;
  return length > limit ? length : undefined;
}

/** What is wrong with a tag key, or undefined when every tagging API accepts it. */
export function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'the key is empty';
  const length = lengthOver(key, MAX_TAG_KEY_LENGTH);
  if (length !== undefined) return `the key is ${length} characters long, the limit is ${MAX_TAG_KEY_LENGTH}`;
  if (!hasOnlyTagCharacters(key)) return `the key has characters outside ${TAG_CHARACTERS_TEXT}`;
  return undefined;
}

/** What is wrong with a tag value, or undefined when every tagging API accepts it. */
export function tagValueProblem(value: string): string | undefined {
  const length = lengthOver(value, MAX_TAG_VALUE_LENGTH);
  if (length !== undefined) return `the value is ${length} characters long, the limit is ${MAX_TAG_VALUE_LENGTH}`;
  if (!hasOnlyTagCharacters(value)) return `the value has characters outside ${TAG_CHARACTERS_TEXT}`;
  return undefined;
}

/**
 * A hedge, not a documented AWS fact: AWS does not say how it folds the case of tag keys. A Java-style
 * case-insensitive comparison (`equalsIgnoreCase`) upper-cases LATIN SMALL LETTER LONG S `ſ` (U+017F) to `S` and
 * lower-cases KELVIN SIGN `K` (U+212A) to `k`, so a key spelled `ſcp-x` could be the same key as `scp-x`. These
 * letters are therefore listed as further spellings of `s` and `k`. No other character folds onto an ASCII letter
 * under both directions of that comparison.
 */
export const FOLDED_SPELLINGS: Readonly<Record<string, readonly string[]>> = { s: ['\u017F'], k: ['\u212A'] };

/** One form for every spelling a Java-style case-insensitive comparison equates: `ſcp-`, `SCP-` and `scp-` give `scp-`. */
export function foldCase(value: string): string {
  return value.toUpperCase().toLowerCase();
}
