import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';

/**
 * Every client retries throttled calls itself: adaptive mode backs off and slows the client's own request rate
 * after a throttle, which suits listing a large organization through APIs limited to a few calls per second.
 */
export const RETRY_CONFIG = { maxAttempts: 10, retryMode: 'adaptive' } as const;

/**
 * Credentials and profile come from the SDK's default chain, which reads the AWS_PROFILE and AWS_REGION that the
 * global --profile/--region flags set. Regional APIs (StackSets, CloudTrail) are given their region explicitly.
 */
export const awsClients = {
  organizations: (region: string) => new OrganizationsClient({ ...RETRY_CONFIG, region }),
  cloudFormation: (region: string) => new CloudFormationClient({ ...RETRY_CONFIG, region }),
  cloudTrail: (region: string) => new CloudTrailClient({ ...RETRY_CONFIG, region }),
  sts: (region: string) => new STSClient({ ...RETRY_CONFIG, region }),
  iam: (region: string, credentials: TemporaryCredentials) => new IAMClient({ ...RETRY_CONFIG, region, credentials }),
};

/** The region for clients of global or caller-side APIs: --region, else AWS_REGION, else the config's home region. */
export function callerRegion(flag: string | undefined, homeRegion: string): string {
  return flag ?? process.env.AWS_REGION ?? homeRegion;
}

/** Credentials of an assumed role, as the IAM client takes them. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}
