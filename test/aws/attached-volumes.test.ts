import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { AttachedVolumes } from '../../lambda/aws/attached-volumes';
import { RetryableError } from '../../lambda/engine/ports';
import { parseEvent } from '../../lambda/core/cloudtrail';
import { extractResources } from '../../lambda/core/registry';
import { instantRetry, testClients } from '../support/engine';
import { loadSample } from '../support/samples';

const ec2 = mockClient(EC2Client);
beforeEach(() => ec2.reset());

// A real RunInstances event (an EventBridge envelope): its response lists the instance and its interface, no volume.
const launch = parseEvent(loadSample('ec2.RunInstances.15.json'));
const launched = extractResources(launch);
const ATTACHED = { InstanceId: 'i-abcd12345efghi678' };

describe('AttachedVolumes', () => {
  test('one DescribeVolumes for the instances of a launch; the volumes are added with the tags they carry', async () => {
    ec2.on(DescribeVolumesCommand).resolves({
      Volumes: [
        { VolumeId: 'vol-0root', Tags: [{ Key: 'Name', Value: 'root' }], Attachments: [ATTACHED] },
        { VolumeId: 'vol-0data', Attachments: [ATTACHED] },
      ],
    });
    const resources = await new AttachedVolumes(testClients(), instantRetry()).add(launch, launched);

    expect(ec2.commandCalls(DescribeVolumesCommand).map((c) => c.args[0].input)).toEqual([
      { Filters: [{ Name: 'attachment.instance-id', Values: ['i-abcd12345efghi678'] }], NextToken: undefined },
    ]);
    expect(resources.slice(0, launched.length)).toEqual(launched);
    expect(resources.slice(launched.length)).toEqual([
      expect.objectContaining({
        type: 'volume',
        id: 'vol-0root',
        arn: `arn:aws:ec2:us-east-1:${launch.account}:volume/vol-0root`,
        account: launch.account,
        writer: 'ec2',
        creationTags: { Name: 'root' },
      }),
      expect.objectContaining({ type: 'volume', id: 'vol-0data', creationTags: {} }),
    ]);
  });

  test('follows pages, and does not add a volume the event already named', async () => {
    ec2
      .on(DescribeVolumesCommand)
      .resolvesOnce({ Volumes: [{ VolumeId: 'vol-1', Attachments: [ATTACHED] }], NextToken: 'p2' })
      .resolvesOnce({
        Volumes: [
          { VolumeId: 'vol-1', Attachments: [ATTACHED] },
          { VolumeId: 'vol-2', Attachments: [ATTACHED] },
        ],
      });
    const resources = await new AttachedVolumes(testClients(), instantRetry()).add(launch, launched);
    expect(ec2.commandCalls(DescribeVolumesCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'p2']);
    expect(resources.filter((r) => r.type === 'volume').map((r) => r.id)).toEqual(['vol-1', 'vol-2']);
  });

  test("launches processed together share one call; each event gets only its own instances' volumes", async () => {
    const other = JSON.parse(
      JSON.stringify(loadSample('ec2.RunInstances.15.json')).split('i-abcd12345efghi678').join('i-0other'),
    ) as unknown;
    const second = parseEvent(other);
    ec2.on(DescribeVolumesCommand).resolves({
      Volumes: [
        { VolumeId: 'vol-a', Attachments: [ATTACHED] },
        { VolumeId: 'vol-b', Attachments: [{ InstanceId: 'i-0other' }] },
      ],
    });
    const volumes = new AttachedVolumes(testClients(), instantRetry());
    const [a, b] = await Promise.all([volumes.add(launch, launched), volumes.add(second, extractResources(second))]);
    expect(ec2.commandCalls(DescribeVolumesCommand).map((c) => c.args[0].input.Filters)).toEqual([
      [{ Name: 'attachment.instance-id', Values: ['i-abcd12345efghi678', 'i-0other'] }],
    ]);
    expect(a.filter((r) => r.type === 'volume').map((r) => r.id)).toEqual(['vol-a']);
    expect(b.filter((r) => r.type === 'volume').map((r) => r.id)).toEqual(['vol-b']);
  });

  test('events that launch nothing make no call', async () => {
    const bucket = parseEvent(loadSample('s3.CreateBucket.8.json'));
    const volume = parseEvent(loadSample('ec2.CreateVolume.2.json'), { defaultAccount: '999999999999' });
    for (const event of [bucket, volume])
      expect(await new AttachedVolumes(testClients(), instantRetry()).add(event, extractResources(event))).toEqual(
        extractResources(event),
      );
    expect(ec2.commandCalls(DescribeVolumesCommand)).toHaveLength(0);
  });

  test("throttling (past the SDK's own retries) is retryable: the event goes back to the queue; AccessDenied is not", async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'RequestLimitExceeded',
      $metadata: { httpStatusCode: 503 },
    });
    ec2.on(DescribeVolumesCommand).rejects(throttled);
    await expect(new AttachedVolumes(testClients(), instantRetry()).add(launch, launched)).rejects.toBeInstanceOf(
      RetryableError,
    );
    expect(ec2.commandCalls(DescribeVolumesCommand)).toHaveLength(1);

    ec2.reset();
    ec2.on(DescribeVolumesCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'UnauthorizedOperation',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    const denied = new AttachedVolumes(testClients(), instantRetry()).add(launch, launched);
    await expect(denied).rejects.toThrow(/failed for good: UnauthorizedOperation/);
    await expect(denied).rejects.not.toBeInstanceOf(RetryableError);
  });
});
