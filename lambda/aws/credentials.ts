import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

export interface TaggerCredentialsOptions {
  /** The tagger role's name: the same in every account. */
  roleName: string;
  sts: STSClient;
  partition?: string;
  /** Refresh this long before the credentials expire, so that no call starts with credentials about to lapse. */
  refreshMarginMs?: number;
  now?: () => number;
}

/**
 * Credentials of the tagger role in each account, from sts:AssumeRole, cached per account until shortly before
 * they expire. Concurrent callers for one account share a single AssumeRole call.
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

  roleArn(account: string): string {
    return `arn:${this.options.partition ?? 'aws'}:iam::${account}:role/${this.options.roleName}`;
  }

  /** A provider to hand to SDK clients of that account: it returns the cached credentials and refreshes them. */
  provider(account: string): AwsCredentialIdentityProvider {
    let provider = this.providers.get(account);
    if (!provider) {
      provider = () => this.credentials(account);
      this.providers.set(account, provider);
    }
    return provider;
  }

  async credentials(account: string): Promise<AwsCredentialIdentity> {
    const cached = this.cache.get(account);
    if (cached) {
      const creds = await cached.catch(() => undefined);
      if (creds && (!creds.expiration || creds.expiration.getTime() - this.margin > this.now())) return creds;
      // Another caller may have started the refresh while this one waited: share it.
      const current = this.cache.get(account);
      if (current && current !== cached) return current;
    }
    const pending = this.assume(account);
    this.cache.set(account, pending);
    pending.catch(() => {
      if (this.cache.get(account) === pending) this.cache.delete(account);
    });
    return pending;
  }

  private async assume(account: string): Promise<AwsCredentialIdentity> {
    const out = await this.options.sts.send(new AssumeRoleCommand({ RoleArn: this.roleArn(account), RoleSessionName: 'tagwarden-tagger', DurationSeconds: 3600 }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${this.roleArn(account)} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  }
}
