import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SessionTable } from '../../lib/constructs/session-table';

function synth(withKey: boolean): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const encryptionKey = withKey ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined;
  new SessionTable(stack, 'Sessions', { encryptionKey });
  return { stack, template: Template.fromStack(stack) };
}

describe('SessionTable', () => {
  test('keys, GSI, on-demand billing, TTL, point-in-time recovery, AWS managed encryption, retained', () => {
    const { template } = synth(false);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: 'accessKeyId', KeyType: 'HASH' }],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'accessKeyId', AttributeType: 'S' },
          { AttributeName: 'sessionArn', AttributeType: 'S' },
          { AttributeName: 'issuedAt', AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: [
          {
            IndexName: 'bySessionArn',
            KeySchema: [
              { AttributeName: 'sessionArn', KeyType: 'HASH' },
              { AttributeName: 'issuedAt', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAtEpoch', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  test('a customer managed key when one is given', () => {
    const { template } = synth(true);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
    });
  });

  test('cdk-nag finds nothing to report', () => {
    const { stack } = synth(false);
    const result = new AwsSolutionsChecks().validateScope(stack);
    expect(result.violations).toEqual([]);
  });
});
