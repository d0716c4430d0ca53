import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { iamArn, partitionOf } from '../core/aws-syntax';

export interface TaggerCredentialsOptions {
  /** The tagger role's name: the same in every account. */
  roleName: string;
  sts: STSClient;
  /** Refresh this long before the credentials expire, so that no call starts with credentials about to lapse. */
  refreshMarginMs?: number;
  now?: () => number;
}

/**
 * Credentials of the tagger role in each account, from sts:AssumeRole, cached per account until shortly before
 * they expire. Concurrent callers for one account share a single AssumeRole call. The role's ARN is in the partition
 * of the region the credentials are for (the event's region), so a GovCloud or China event assumes
 * `arn:aws-us-gov:iam::...` or `arn:aws-cn:iam::...`.
 *
 * Not `fromTemporaryCredentials` (@aws-sdk/credential-providers): its refresh follows the wall clock, and the
 * end-to-end tests and the benchmark replay hours of events on a clock of their own (`now`), counting AssumeRole
 * calls as production would make them. One explicit cache per account keeps that count true; the SDK's retry
 * strategy still retries the AssumeRole call itself.
 */
export class TaggerCredentials {
  private readonly cache = new Map<string, Promise<AwsCredentialIdentity>>();
  private readonly providers = new Map<string, AwsCredentialIdentityProvider>();
  private readonly margin: number;
  private readonly now: () => number;

  constructor(private readonly options: TaggerCredentialsOptions) {
    this.margin = options.refreshMarginMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The tagger role of `account`, in the partition of `region`. */
  roleArn(account: string, region: string): string {
    return iamArn(partitionOf(region), account, `role/${this.options.roleName}`);
  }

  /** A provider to hand to SDK clients of that account and region: it returns the cached credentials and refreshes them. */
  provider(account: string, region: string): AwsCredentialIdentityProvider {
    const key = this.roleArn(account, region);
    let provider = this.providers.get(key);
    if (!provider) {
      provider = () => this.credentials(account, region);
      this.providers.set(key, provider);
    }
    return provider;
  }

  async credentials(account: string, region: string): Promise<AwsCredentialIdentity> {
    // One session per role: every region of a partition shares it.
    const key = this.roleArn(account, region);
    const cached = this.cache.get(key);
    if (cached) {
      const creds = await cached.catch(() => undefined);
      if (creds && (!creds.expiration || creds.expiration.getTime() - this.margin > this.now())) return creds;
      // Another caller may have started the refresh while this one waited: share it.
      const current = this.cache.get(key);
      if (current && current !== cached) return current;
    }
    const pending = this.assume(key);
    this.cache.set(key, pending);
    pending.catch(() => {
      if (this.cache.get(key) === pending) this.cache.delete(key);
    });
    return pending;
  }

  private async assume(roleArn: string): Promise<AwsCredentialIdentity> {
    const out = await this.options.sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tagwarden-tagger', DurationSeconds: 3600 }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${roleArn} returned no credentials`);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  }
}
