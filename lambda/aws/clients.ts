import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { TaggerCredentials } from './credentials';

interface ClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
}

type ClientClass<C> = new (config: ClientConfig) => C;

/**
 * SDK clients per service, account and region, created once and reused across events: each holds the tagger
 * role's credentials of its account.
 */
export class ClientPool {
  private readonly clients = new Map<string, unknown>();

  constructor(private readonly credentials: TaggerCredentials) {}

  ec2(account: string, region: string): EC2Client {
    return this.get(EC2Client, 'ec2', account, region);
  }
  rgta(account: string, region: string): ResourceGroupsTaggingAPIClient {
    return this.get(ResourceGroupsTaggingAPIClient, 'rgta', account, region);
  }
  s3(account: string, region: string): S3Client {
    return this.get(S3Client, 's3', account, region);
  }
  ssm(account: string, region: string): SSMClient {
    return this.get(SSMClient, 'ssm', account, region);
  }
  autoscaling(account: string, region: string): AutoScalingClient {
    return this.get(AutoScalingClient, 'autoscaling', account, region);
  }
  secretsManager(account: string, region: string): SecretsManagerClient {
    return this.get(SecretsManagerClient, 'secretsmanager', account, region);
  }
  /** IAM is global: one client per account, in the partition's IAM region. */
  iam(account: string, partition = 'aws'): IAMClient {
    return this.get(IAMClient, 'iam', account, IAM_REGION[partition] ?? 'us-east-1');
  }

  private get<C>(ctor: ClientClass<C>, service: string, account: string, region: string): C {
    const key = `${service}/${account}/${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (!client) {
      client = new ctor({ region, credentials: this.credentials.provider(account) });
      this.clients.set(key, client);
    }
    return client;
  }
}

const IAM_REGION: Record<string, string> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };
