import { GetRoleCommand, IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { getRoleOutput } from '../support/iam-roles';
import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createEngine } from '../../lambda/tagger/index';
import { tagEvent } from '../../lambda/engine/tag-event';
import { loadSample } from '../support/samples';
import { runtimeSettings } from '../support/engine';
import { MemorySessions } from '../support/sessions';

/*
 * The tagger in a GovCloud and a China org, wired as in production (createEngine): it assumes the tagger role, reads
 * IAM tags and writes tags with the ARNs and global region of the event's partition. The events are real samples moved
 * into the partition: every `arn:aws:` becomes the partition's and the region the partition's region, nothing else.
 */

const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);
const rgta = mockClient(ResourceGroupsTaggingAPIClient);

beforeEach(() => {
  for (const m of [sts, iam, rgta]) m.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIATAGGER',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(Date.now() + 3_600_000),
    },
  });
  iam.on(ListUserTagsCommand).resolves({ Tags: [{ Key: 'team', Value: 'payments' }] });
  iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, { team: 'builders' }));
  rgta.on(TagResourcesCommand).resolves({ FailedResourcesMap: {} });
});

/** A raw sample moved into `region`'s partition and wrapped in the EventBridge envelope the tagger receives. */
function inPartition(file: string, fromRegion: string, region: string, partition: string): unknown {
  const text = JSON.stringify(loadSample(file))
    .replaceAll('"arn:aws:', `"arn:${partition}:`)
    .replaceAll(fromRegion, region);
  const detail = JSON.parse(text) as { recipientAccountId: string; eventSource: string; eventTime: string };
  return {
    version: '0',
    id: `partition-${region}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${detail.eventSource.split('.')[0]}`,
    account: detail.recipientAccountId,
    time: detail.eventTime,
    region,
    resources: [],
    detail,
  };
}

function engine(region: string) {
  return createEngine({
    settings: runtimeSettings(),
    sts: new STSClient({ region }),
    sessions: new MemorySessions(),
    retry: { attempts: 1, baseDelayMs: 0, sleep: async () => undefined },
  });
}

describe.each([
  ['aws-us-gov', 'us-gov-east-1', 'us-gov-west-1'],
  ['aws-cn', 'cn-northwest-1', 'cn-north-1'],
])('the tagger in %s', (partition, region, globalRegion) => {
  const ACCOUNT = '999999999999';

  test('tags a DynamoDB table by its partition ARN, as the tagger role of the partition, with IAM read in the global region', async () => {
    const event = inPartition('dynamodb.CreateTable.1.json', 'ap-northeast-1', region, partition);
    const outcome = await tagEvent(event, engine(region));
    expect(outcome).toMatchObject({ status: 'tagged' });

    const [read] = iam.commandCalls(ListUserTagsCommand);
    const [write] = rgta.commandCalls(TagResourcesCommand);
    const reader = read.thisValue as IAMClient;
    const writer = write.thisValue as ResourceGroupsTaggingAPIClient;
    // The mock answers without signing: resolving the clients' credentials is what assumes the role.
    expect(await reader.config.credentials()).toMatchObject({ accessKeyId: 'ASIATAGGER' });
    expect(await writer.config.credentials()).toMatchObject({ accessKeyId: 'ASIATAGGER' });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      `arn:${partition}:iam::${ACCOUNT}:role/tagger`,
    ]);

    expect(read.args[0].input.UserName).toBe('test001@test.com');
    expect(await reader.config.region()).toBe(globalRegion);
    expect(await writer.config.region()).toBe(region);
    expect(write.args[0].input.ResourceARNList).toEqual([
      `arn:${partition}:dynamodb:${region}:${ACCOUNT}:table/AutoNotification_AlarmConfigs`,
    ]);
    expect(write.args[0].input.Tags).toEqual({
      team: 'payments',
      Owner: `arn:${partition}:iam::${ACCOUNT}:user/test001@test.com`,
    });
  });

  test('names the owner in the partition when the event gives no ARN', async () => {
    const event = inPartition('dynamodb.CreateTable.1.json', 'ap-northeast-1', region, partition) as {
      detail: { userIdentity: Record<string, unknown> };
    };
    delete event.detail.userIdentity.arn;
    const outcome = await tagEvent(event, engine(region));
    expect(outcome).toMatchObject({ status: 'tagged' });
    expect(rgta.commandCalls(TagResourcesCommand)[0].args[0].input.Tags?.Owner).toBe(
      `arn:${partition}:iam::${ACCOUNT}:user/test001@test.com`,
    );
  });
});
