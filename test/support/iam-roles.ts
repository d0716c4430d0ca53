import { GetRoleCommandOutput } from '@aws-sdk/client-iam';
import { Tags } from '../../lambda/core/resource';

/*
 * GetRole answers as IAM gives them: the trust policy URL-encoded, the tags as a Key/Value list.
 */

/** A role people and pipelines assume, passing session tags: the account may call AssumeRole and TagSession. */
export function trustWithTagSession(account = '123456789012'): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ],
  };
}

/** A Lambda execution role: only the service may assume it, and no one may tag its sessions. */
export const SERVICE_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** The GetRole output for role `name` with `tags` and the trust policy `trust` (one allowing TagSession by default). */
export function getRoleOutput(name: string, tags: Tags, trust: object = trustWithTagSession()): GetRoleCommandOutput {
  return {
    $metadata: {},
    Role: {
      Path: '/',
      RoleName: name,
      RoleId: 'AROAEXAMPLEROLEID0001',
      Arn: `arn:aws:iam::123456789012:role/${name}`,
      CreateDate: new Date('2026-01-01T00:00:00Z'),
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    },
  };
}
