import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { GLOBAL_REGION, isSupportedPartition } from '../core/aws-syntax';
import { TaggerCredentials } from './credentials';

interface ClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
}

type ClientClass<C> = new (config: ClientConfig) => C;

/**
 * SDK clients per service, account and region, created once and reused across events: each holds the tagger
 * role's credentials of its account. Each SDK package is loaded when its first client is made, not when the
 * function starts: loading every client package would add hundreds of milliseconds to each cold start (EC2's
 * alone is the largest), and a container that never tags an S3 bucket never loads S3.
 */
export class ClientPool {
  private readonly clients = new Map<string, unknown>();

  constructor(private readonly credentials: TaggerCredentials) {}

  ec2(account: string, region: string): EC2Client {
    return this.get(() => (require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2')).EC2Client, 'ec2', account, region);
  }
  rgta(account: string, region: string): ResourceGroupsTaggingAPIClient {
    return this.get(() => (require('@aws-sdk/client-resource-groups-tagging-api') as typeof import('@aws-sdk/client-resource-groups-tagging-api')).ResourceGroupsTaggingAPIClient, 'rgta', account, region);
  }
  s3(account: string, region: string): S3Client {
    return this.get(() => (require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3')).S3Client, 's3', account, region);
  }
  ssm(account: string, region: string): SSMClient {
    return this.get(() => (require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm')).SSMClient, 'ssm', account, region);
  }
  autoscaling(account: string, region: string): AutoScalingClient {
    return this.get(() => (require('@aws-sdk/client-auto-scaling') as typeof import('@aws-sdk/client-auto-scaling')).AutoScalingClient, 'autoscaling', account, region);
  }
  secretsManager(account: string, region: string): SecretsManagerClient {
    return this.get(() => (require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager')).SecretsManagerClient, 'secretsmanager', account, region);
  }
  /** IAM is global: one client per account, in the partition's IAM region. */
  iam(account: string, partition = 'aws'): IAMClient {
    return this.get(() => (require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam')).IAMClient, 'iam', account, isSupportedPartition(partition) ? GLOBAL_REGION[partition] : GLOBAL_REGION.aws);
  }

  private get<C>(load: () => ClientClass<C>, service: string, account: string, region: string): C {
    const key = `${service}/${account}/${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      const ctor = load();
      client = new ctor({ region, credentials: this.credentials.provider(account, region) });
      this.clients.set(key, client);
    }
    return client;
  }
}
