import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { CENTRAL_OUTPUT, CentralOutputs } from '../../lib/central-outputs';

/** The central stack's outputs as a deployed stack would return them (account 222222222222, eu-west-1). */
export const OUTPUTS: CentralOutputs = {
  taggerQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/222222222222/tagwarden-tagger',
  taggerQueueArn: 'arn:aws:sqs:eu-west-1:222222222222:tagwarden-tagger',
  taggerDlqUrl: 'https://sqs.eu-west-1.amazonaws.com/222222222222/TaggerDlq',
  taggerDlqArn: 'arn:aws:sqs:eu-west-1:222222222222:TaggerDlq',
  sessionDlqUrl: 'https://sqs.eu-west-1.amazonaws.com/222222222222/SessionDlq',
  deliveryDlqUrl: 'https://sqs.eu-west-1.amazonaws.com/222222222222/DeliveryDlq',
  sessionTableName: 'TagwardenCentral-SessionTable',
  heartbeatTableName: 'TagwardenCentral-HeartbeatTable',
  taggerLogGroup: '/tagwarden/tagger',
  recorderLogGroup: '/tagwarden/recorder',
  recorderFunctionName: 'TagwardenCentral-SessionRecorder',
};

/** The operator role can be assumed and the central stack has this version's outputs. */
export function installCentral(sts: AwsClientStub<STSClient>, cfn: AwsClientStub<CloudFormationClient>): void {
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAOPERATOR',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date('2030-01-01T00:00:00Z'),
    },
  });
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'TagwardenCentral',
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: (Object.keys(CENTRAL_OUTPUT) as (keyof CentralOutputs)[]).map((k) => ({
          OutputKey: CENTRAL_OUTPUT[k],
          OutputValue: OUTPUTS[k],
        })),
      },
    ],
  });
}
