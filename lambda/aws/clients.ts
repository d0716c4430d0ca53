import type { IAMClient } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { GLOBAL_REGION, isSupportedPartition } from '../core/aws-syntax';
import { TaggerCredentials } from './credentials';

interface ClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  maxAttempts: number;
  retryMode: string;
}

/**
 * The SDK's standard retry strategy owns throttling, 5xx and network faults: up to 3 sends a call with jittered
 * backoff. The writers add no retry of their own for those (lambda/aws/retry.ts), and what still fails goes back to
 * the queue, whose redelivery is the outer retry.
 */
export const SDK_RETRY = { maxAttempts: 3, retryMode: 'standard' } as const;

export type ClientClass<C> = new (config: ClientConfig) => C;

/**
 * SDK clients per service, account and region, created once and reused across events: each holds the tagger
 * role's credentials of its account. Each SDK package is loaded when its first client is made, not when the
 * function starts: loading every client package would add hundreds of milliseconds to each cold start (EC2's
 * alone is the largest), and a container that never tags an S3 bucket never loads S3.
 */
export class ClientPool {
  private readonly clients = new Map<string, unknown>();
  private readonly loaders = new Map<() => ClientClass<unknown>, number>();

  constructor(private readonly credentials: TaggerCredentials) {}

  /**
   * The client of `load`'s class for one account and region. Writer kinds that call one service give the same
   * loader (lambda/aws/writers/registry), so they share its clients.
   */
  client<C>(load: () => ClientClass<C>, account: string, region: string): C {
    let id = this.loaders.get(load);
    if (id === undefined) this.loaders.set(load, (id = this.loaders.size));
    return this.get(load, String(id), account, region);
  }

  /** IAM is global: one client per account, in the partition's IAM region. */
  iam(account: string, partition = 'aws'): IAMClient {
    return this.get(
      () => (require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam')).IAMClient,
      'iam',
      account,
      isSupportedPartition(partition) ? GLOBAL_REGION[partition] : GLOBAL_REGION.aws,
    );
  }

  private get<C>(load: () => ClientClass<C>, service: string, account: string, region: string): C {
    const key = `${service}/${account}/${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      const ctor = load();
      client = new ctor({ ...SDK_RETRY, region, credentials: this.credentials.provider(account, region) });
      this.clients.set(key, client);
    }
    return client;
  }
}
