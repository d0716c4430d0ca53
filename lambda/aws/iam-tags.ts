import { GetRoleCommand, ListUserTagsCommand, Tag } from '@aws-sdk/client-iam';
import { IamPrincipalRef } from '../core/principal';
import { Tags, tagsFromList } from '../core/resource';
import { IamTagsResult } from '../core/tag-plan';
import { ClientPool } from './clients';
import { classifyAwsError } from './errors';
import { ReadCache } from '../core/read-cache';
import { tagSessionVerdict } from '../core/trust-policy';
import { IamTagSource, RetryableError } from '../engine/ports';

export interface IamTagReaderOptions {
  clients: Pick<ClientPool, 'iam'>;
  ttlSeconds: number;
  /** The most principals kept; the least recently used is dropped first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * The IAM tags of users and roles, read through the tagger role of the account that owns them, and cached with a
 * TTL and a bounded size (ReadCache). Concurrent reads of one principal share a single IAM call, so a burst of
 * events from one principal costs one read. A role is read with GetRole, which returns its tags and its trust
 * policy in one call: the trust policy says whether its sessions can carry session tags at all.
 */
export class IamTagReader implements IamTagSource {
  private readonly cache: ReadCache<IamTagsResult>;

  constructor(private readonly options: IamTagReaderOptions) {
    const { ttlSeconds, maxEntries = 1000, now } = options;
    this.cache = new ReadCache<IamTagsResult>({ ttlSeconds, maxEntries, now });
  }

  /**
   * Resolves to the tags, or `unavailable` with the reason when they cannot be read for good (no tagger role in
   * that account, the principal is gone). Throws a RetryableError on throttling and server errors.
   */
  read(ref: IamPrincipalRef): Promise<IamTagsResult> {
    // IAM names are unique without regard to case.
    const key = `${ref.partition}/${ref.account}/${ref.kind}/${ref.name.toLowerCase()}`;
    return this.cache.read(key, () => this.fetch(ref));
  }

  private async fetch(ref: IamPrincipalRef): Promise<IamTagsResult> {
    try {
      const iam = this.options.clients.iam(ref.account, ref.partition);
      if (ref.kind === 'role') {
        const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: ref.name }));
        const tagSession = tagSessionVerdict(role?.AssumeRolePolicyDocument);
        return { status: 'read', tags: tagsFromList(role?.Tags), tagSession };
      }
      const tags: Tags = {};
      let marker: string | undefined;
      do {
        const page: { Tags?: Tag[]; IsTruncated?: boolean; Marker?: string } = await iam.send(
          new ListUserTagsCommand({ UserName: ref.name, Marker: marker }),
        );
        Object.assign(tags, tagsFromList(page.Tags));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      return { status: 'read', tags };
    } catch (e) {
      const error = classifyAwsError(e);
      if (error.retryable && error.kind !== 'not-yet-visible')
        throw new RetryableError(
          `reading the tags of ${ref.kind} ${ref.name} in ${ref.account}: ${error.reason}`,
          error.code,
        );
      return {
        status: 'unavailable',
        reason: `the tags of ${ref.kind} ${ref.name} in account ${ref.account} cannot be read: ${error.reason}`,
      };
    }
  }
}
