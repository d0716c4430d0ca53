import { excerpt } from '../excerpt';
import { isAccountId, parseArn } from '../../lambda/core/aws-syntax';
import { isObject } from '../../lambda/core/cloudtrail';
import { IamPrincipalRef } from '../../lambda/core/principal';
import { Tags } from '../../lambda/core/resource';
import { SessionRecord } from '../../lambda/core/session';
import { IamTagsResult } from '../../lambda/core/tag-plan';
import { tagSessionVerdict } from '../../lambda/core/trust-policy';
import { CliError } from '../common/cli-error';
import { BAD_INPUT_EXIT } from './input';

/**
 * IAM tags from a `--principal-tags` file: `{"arn:aws:iam::111122223333:role/Dev": {"team": "blue"}, ...}`.
 * A principal is found by account, kind and name, so an ARN with a path matches too. A role may also be given as
 * `{"tags": {...}, "trustPolicy": {...}}` (the trust policy as JSON, or URL-encoded as GetRole returns it): then
 * explain knows, as the tagger does, whether the role's sessions can carry session tags.
 */
export function iamTagsFromFile(raw: unknown, file: string): { read(ref: IamPrincipalRef): Promise<IamTagsResult> } {
  if (!isObject(raw))
    throw new CliError(
      `--principal-tags ${file}: expected an object of principal ARN to tags, such as {"arn:aws:iam::111122223333:role/Dev": {"team": "blue"}}`,
      BAD_INPUT_EXIT,
    );
  const byPrincipal = new Map<string, IamTagsResult>();
  for (const [arn, tags] of Object.entries(raw)) {
    const parts = parseArn(arn);
    const m =
      parts?.service === 'iam' && isAccountId(parts.account)
        ? /^(role|user)\/(?:.*\/)?([^/]+)$/.exec(parts.resource)
        : null;
    if (!parts || !m)
      throw new CliError(`--principal-tags ${file}: "${arn}" is not an IAM role or user ARN`, BAD_INPUT_EXIT);
    byPrincipal.set(`${parts.account}:${m[1]}:${m[2]}`, principalEntry(tags, m[1], `--principal-tags ${file}: ${arn}`));
  }
  return {
    read: async (ref) =>
      byPrincipal.get(`${ref.account}:${ref.kind}:${ref.name}`) ?? {
        status: 'unavailable',
        reason: `${file} has no tags for ${ref.kind} ${ref.name} in ${ref.account}`,
      },
  };
}

/** A map of tags, or for a role `{tags, trustPolicy}`: told apart by the values (tag values are strings). */
function principalEntry(entry: unknown, kind: string, where: string): IamTagsResult {
  const wrapped = isObject(entry) && Object.values(entry).some((v) => typeof v !== 'string');
  if (!wrapped) return { status: 'read', tags: stringTags(entry, `${where}: its tags`) };
  const { tags = {}, trustPolicy, ...rest } = entry;
  const extra = Object.keys(rest);
  if (extra.length > 0 || trustPolicy === undefined || kind !== 'role') {
    const problem =
      kind !== 'role'
        ? 'only a role has a trust policy'
        : extra.length > 0
          ? `unknown field(s) ${extra.join(', ')}`
          : 'trustPolicy is missing';
    throw new CliError(
      `${where}: ${problem}; give a map of string tags such as {"team": "blue"}, or for a role ` +
        '{"tags": {"team": "blue"}, "trustPolicy": {"Version": "2012-10-17", "Statement": [...]}}',
      BAD_INPUT_EXIT,
    );
  }
  const verdict = tagSessionVerdict(trustPolicy);
  if (verdict.unreadable) {
    throw new CliError(`${where}: trustPolicy is not a policy document: ${verdict.reason}`, BAD_INPUT_EXIT);
  }
  return { status: 'read', tags: stringTags(tags, `${where}: its tags`), tagSession: verdict };
}

/** Without --principal-tags or --live, IAM tags are not known, and the output says so. */
export const noIamTags = {
  read: async (): Promise<IamTagsResult> => ({
    status: 'unavailable',
    reason: 'IAM tags are not read offline: pass --principal-tags FILE or --live',
  }),
};

/**
 * Session records from a `--sessions` file: a list of `{accessKeyId, account, tags, ...}`. The other fields of a
 * session record are optional here (the `session` objects `explain --json` prints for STS events fit, plus account).
 */
export function sessionsFromFile(raw: unknown, file: string): SessionRecord[] {
  if (!Array.isArray(raw))
    throw new CliError(
      `--sessions ${file}: expected a list of session records such as [{"accessKeyId": "ASIA...", "account": "111122223333", "tags": {"team": "blue"}}]`,
      BAD_INPUT_EXIT,
    );
  return raw.map((entry, i) => {
    const where = `--sessions ${file}: entry ${i}`;
    if (!isObject(entry)) throw new CliError(`${where} is not an object`, BAD_INPUT_EXIT);
    const text = (field: string, fallback?: string): string => {
      const v = entry[field] ?? fallback;
      if (typeof v !== 'string' || v.length === 0)
        throw new CliError(`${where}: ${field} must be a non-empty string`, BAD_INPUT_EXIT);
      return v;
    };
    const account = text('account');
    if (!isAccountId(account))
      throw new CliError(
        `${where}: account must be a 12-digit account id, received ${excerpt(account)}`,
        BAD_INPUT_EXIT,
      );
    return {
      accessKeyId: text('accessKeyId'),
      account,
      roleArn: text('roleArn', 'unknown'),
      sessionName: text('sessionName', 'unknown'),
      sessionArn: text('sessionArn', 'unknown'),
      tags: stringTags(entry.tags ?? {}, `${where}: tags`),
      transitiveTagKeys: Array.isArray(entry.transitiveTagKeys)
        ? entry.transitiveTagKeys.filter((k): k is string => typeof k === 'string')
        : [],
      incomingTransitiveTags: {},
      issuedAt: text('issuedAt', '1970-01-01T00:00:00.000Z'),
      expiresAt: text('expiresAt', '9999-12-31T23:59:59.000Z'),
      eventId: text('eventId', `${file}#${i}`),
    };
  });
}

function stringTags(v: unknown, where: string): Tags {
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string'))
    throw new CliError(`${where} must be an object of string values, such as {"team": "blue"}`, BAD_INPUT_EXIT);
  return v as Tags;
}
