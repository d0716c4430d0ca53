import { CurrentTagReader } from '../../lib/backfill/current-tags';
import { AccountRateLimiter } from '../../lib/backfill/rate-limit';
import { parseEvent } from '../../lambda/core/cloudtrail';
import { extractResources } from '../../lambda/core/registry';
import { ResourceRef } from '../../lambda/core/resource';
import { AwsWorld } from '../support/aws-world';
import { testClients } from '../support/engine';
import { loadSample } from '../support/samples';

/** The resource a real create event names, as backfill sees it. */
const resourceOf = (sample: string): ResourceRef => extractResources(parseEvent(loadSample(sample)))[0];

describe('current tags of the resources an event names without their full ARN', () => {
  let world: AwsWorld;
  const reader = () => new CurrentTagReader(testClients(), new AccountRateLimiter(1000));
  /** The calls made in the resource's account (assuming the tagger role there is the caller's own call). */
  const reads = () => world.calls.map((c) => c.command).filter((c) => c !== 'sts:AssumeRole');
  beforeEach(() => {
    world = new AwsWorld(21);
    world.install();
  });
  afterEach(() => world.restore());

  test('an Auto Scaling group is read by name with DescribeTags, never by its ARN (which holds a *)', async () => {
    const group = resourceOf('autoscaling.CreateAutoScalingGroup.1.json');
    const queue = resourceOf('sqs.CreateQueue.1.json');
    expect(group.arn).toContain('*');
    world.seedResource(group, { team: 'platform', env: 'prod' });
    world.seedResource(queue, { team: 'queues' });
    const tags = reader();
    const [g, q] = await Promise.all([tags.read(group), tags.read(queue)]);
    expect(g).toEqual({ status: 'read', tags: { team: 'platform', env: 'prod' } });
    expect(q).toEqual({ status: 'read', tags: { team: 'queues' } });
    expect(reads().sort()).toEqual(['autoscaling:DescribeTags', 'tag:GetResources']);
  });

  test('a group with no tags reads as none; DescribeTags cannot tell a deleted group, the write then does', async () => {
    const group = resourceOf('autoscaling.CreateAutoScalingGroup.1.json');
    expect(await reader().read(group)).toEqual({ status: 'read', tags: {} });
    world.remove(group);
    expect(await reader().read(group)).toEqual({ status: 'read', tags: {} });
  });

  test('a secret logged without its response is read by name with DescribeSecret, which also tells it was deleted', async () => {
    const secret = resourceOf('secretsmanager.CreateSecret.1.json');
    expect(secret.id).not.toBe(secret.arn);
    world.seedResource(secret, { app: 'billing' });
    expect(await reader().read(secret)).toEqual({ status: 'read', tags: { app: 'billing' } });
    world.remove(secret);
    expect(await reader().read(secret)).toMatchObject({ status: 'gone' });
    expect(reads()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:DescribeSecret']);
  });

  test('a read that AWS refuses leaves the resource unreadable, so backfill does not plan against a guess', async () => {
    const group = resourceOf('autoscaling.CreateAutoScalingGroup.1.json');
    world.faults.serverErrorRate = 1;
    expect(await reader().read(group)).toMatchObject({
      status: 'unreadable',
      reason: expect.stringMatching(/Internal/),
    });
  });
});
