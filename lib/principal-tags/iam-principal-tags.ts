import {
  IAMClient,
  paginateListRoles,
  paginateListRoleTags,
  paginateListUserTags,
  Role,
  Tag,
  TagRoleCommand,
  TagUserCommand,
  UntagRoleCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { TemporaryCredentials } from '../common/aws-clients';
import { Principal } from './validate';

/**
 * The session name shows in CloudTrail on every tag change, so it names the operation and the person:
 * `tagwarden-grant-alice`. STS allows 2-64 characters of [\w+=,.@-].
 */
export function sessionName(operation: string, user: string): string {
  const safeUser = user.replace(/[^\w+=,.@-]/g, '-') || 'unknown';
  return `tagwarden-${operation}-${safeUser}`.slice(0, 64);
}

/** Assumes the tagger role: the only role the SCP allows to set protected tags on principals. */
export async function assumeTaggerRole(
  sts: STSClient,
  roleArn: string,
  session: string,
): Promise<TemporaryCredentials> {
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session, DurationSeconds: 900 }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
    throw new Error(`AssumeRole on ${roleArn} returned no credentials`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
  };
}

export async function readTags(iam: IAMClient, p: Principal): Promise<Tag[]> {
  const tags: Tag[] = [];
  const pages =
    p.type === 'role'
      ? paginateListRoleTags({ client: iam }, { RoleName: p.name })
      : paginateListUserTags({ client: iam }, { UserName: p.name });
  for await (const page of pages) tags.push(...(page.Tags ?? []));
  return tags;
}

export async function writeTags(iam: IAMClient, p: Principal, tags: Tag[]): Promise<void> {
  if (p.type === 'role') await iam.send(new TagRoleCommand({ RoleName: p.name, Tags: tags }));
  else await iam.send(new TagUserCommand({ UserName: p.name, Tags: tags }));
}

export async function removeTags(iam: IAMClient, p: Principal, keys: string[]): Promise<void> {
  if (p.type === 'role') await iam.send(new UntagRoleCommand({ RoleName: p.name, TagKeys: keys }));
  else await iam.send(new UntagUserCommand({ UserName: p.name, TagKeys: keys }));
}

export async function listRoleNames(
  iam: IAMClient,
  onPage: (count: number) => void = () => undefined,
): Promise<Role[]> {
  const roles: Role[] = [];
  for await (const page of paginateListRoles({ client: iam }, {})) {
    roles.push(...(page.Roles ?? []));
    onPage(roles.length);
  }
  return roles;
}
