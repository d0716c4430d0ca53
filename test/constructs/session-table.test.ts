import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SessionTable } from '../../lib/constructs/session-table';

function synth(): { stack: Stack; template: Template } {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  new SessionTable(stack, 'Sessions');
  return { stack, template: Template.fromStack(stack) };
}

describe('SessionTable', () => {
  test('keys, GSI, on-demand billing, TTL, point-in-time recovery, AWS managed encryption, retained', () => {
    const { template } = synth();
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

  test('cdk-nag finds nothing to report', () => {
    const { stack } = synth();
    const result = new AwsSolutionsChecks().validateScope(stack);
    expect(result.violations).toEqual([]);
  });
});
