import { ListRoleTagsCommand, ListUserTagsCommand, Tag } from '@aws-sdk/client-iam';
import { IamPrincipalRef } from '../core/principal';
import { Tags } from '../core/resource';
import { IamTagsResult } from '../core/tag-plan';
import { ClientPool } from './clients';
import { classifyAwsError } from './errors';
import { RetryableError } from '../engine/ports';

export interface IamTagReaderOptions {
  clients: Pick<ClientPool, 'iam'>;
  ttlSeconds: number;
  /** The most principals kept; the least recently used is dropped first. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  result: Promise<IamTagsResult>;
  expiresAt: number;
}

/**
 * The IAM tags of users and roles, read through the tagger role of the account that owns them, and cached with a
 * TTL and a bounded size. Concurrent reads of one principal share a single IAM call, so a burst of events from
 * one principal costs one read.
 */
export class IamTagReader {
  private readonly cache = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: IamTagReaderOptions) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Resolves to the tags, or `unavailable` with the reason when they cannot be read for good (no tagger role in
   * that account, the principal is gone). Throws a RetryableError on throttling and server errors.
   */
  read(ref: IamPrincipalRef): Promise<IamTagsResult> {
    // IAM names are unique without regard to case.
    const key = `${ref.partition}/${ref.account}/${ref.kind}/${ref.name.toLowerCase()}`;
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > this.now()) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit.result;
    }
    const result = this.fetch(ref);
    this.cache.set(key, { result, expiresAt: this.now() + this.options.ttlSeconds * 1000 });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    result.catch(() => {
      if (this.cache.get(key)?.result === result) this.cache.delete(key);
    });
    return result;
  }

  private async fetch(ref: IamPrincipalRef): Promise<IamTagsResult> {
    try {
      const iam = this.options.clients.iam(ref.account, ref.partition);
      const tags: Tags = {};
      let marker: string | undefined;
      do {
        const page: { Tags?: Tag[]; IsTruncated?: boolean; Marker?: string } =
          ref.kind === 'role'
            ? await iam.send(new ListRoleTagsCommand({ RoleName: ref.name, Marker: marker }))
            : await iam.send(new ListUserTagsCommand({ UserName: ref.name, Marker: marker }));
        for (const t of page.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
      return { status: 'read', tags };
    } catch (e) {
      const error = classifyAwsError(e);
      if (error.retryable && error.kind !== 'not-yet-visible') throw new RetryableError(`reading the tags of ${ref.kind} ${ref.name} in ${ref.account}: ${error.reason}`, error.code);
      return { status: 'unavailable', reason: `the tags of ${ref.kind} ${ref.name} in account ${ref.account} cannot be read: ${error.reason}` };
    }
  }
}
