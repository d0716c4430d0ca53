import { EC2_MAX_IDS, RGTA_MAX_ARNS } from '../../../lambda/aws/writers/call-limits';
import { SharedWrites } from '../../../lambda/aws/writers/shared-writes';
import { ResourceRef } from '../../../lambda/core/resource';
import { WriteOutcome } from '../../../lambda/engine/ports';
import { AwsWorld, stateKey } from '../../support/aws-world';
import { instantRetry, planFor, ref, testClients } from '../../support/engine';

/*
 * The writes of one SQS batch, shared across its events, against the stateful AWS stand-in: EC2 CreateTags is all
 * or nothing there, as in AWS.
 */

const world = new AwsWorld(5);
beforeAll(() => world.install());
afterAll(() => world.restore());
beforeEach(() => {
  world.calls.length = 0;
  world.tags.clear();
  world.deleted.clear();
});

const instance = (n: number) =>
  ref('ec2', `i-${String(n).padStart(17, '0')}`, { arn: `arn:aws:ec2:us-east-1:123456789012:instance/i-${n}` });
const table = (n: number) => ref('rgta', `t${n}`, { arn: `arn:aws:dynamodb:us-east-1:123456789012:table/t${n}` });
const calls = (command: string) => world.calls.filter((c) => c.command === command).length;

/** Each event's resources through its own slot, all at once, as the handler runs the records of a batch. */
async function batch(events: { resources: ResourceRef[]; tags?: Record<string, string> }[]): Promise<WriteOutcome[][]> {
  const shared = new SharedWrites(testClients(), events.length, instantRetry());
  return Promise.all(events.map((e, i) => shared.slot(i).apply(planFor(e.resources, e.tags ?? { team: 'blue' }))));
}

describe('SharedWrites', () => {
  test('EC2 resources of several events with identical tags are tagged in one CreateTags', async () => {
    const outcomes = await batch([
      { resources: [instance(1)] },
      { resources: [instance(2), instance(3)] },
      { resources: [instance(4)] },
    ]);
    expect(outcomes.flat().map((o) => o.status)).toEqual(['written', 'written', 'written', 'written']);
    expect(calls('ec2:CreateTags')).toBe(1);
    for (const n of [1, 2, 3, 4])
      expect(world.tags.get(stateKey('123456789012', instance(n)))).toMatchObject({ team: 'blue' });
  });

  test('RGTA takes 20 ARNs a call: 25 ARNs of two events are two calls', async () => {
    const first = Array.from({ length: 12 }, (_, i) => table(i));
    const second = Array.from({ length: 13 }, (_, i) => table(100 + i));
    const outcomes = await batch([{ resources: first }, { resources: second }]);
    expect(outcomes.flat().every((o) => o.status === 'written')).toBe(true);
    expect(RGTA_MAX_ARNS).toBe(20);
    expect(calls('tag:TagResources')).toBe(2);
  });

  test('different tags or writers are never shared', async () => {
    await batch([
      { resources: [instance(1)] },
      { resources: [instance(2)], tags: { team: 'red' } },
      { resources: [table(1)] },
    ]);
    expect(calls('ec2:CreateTags')).toBe(2);
    expect(calls('tag:TagResources')).toBe(1);
  });

  test('a failed shared CreateTags is split per event: only the event with the bad id fails', async () => {
    world.remove(instance(2));
    const outcomes = await batch([
      { resources: [instance(1)] },
      { resources: [instance(2)] },
      { resources: [instance(3)] },
    ]);
    expect(outcomes.map((o) => o.map((x) => x.status))).toEqual([['written'], ['failed'], ['written']]);
    expect(outcomes[1][0].error).toMatchObject({ retryable: true });
    expect(world.tags.get(stateKey('123456789012', instance(1)))).toMatchObject({ team: 'blue' });
    expect(world.tags.get(stateKey('123456789012', instance(3)))).toMatchObject({ team: 'blue' });
  });

  test('an event that closes its slot without a plan does not hold the others back', async () => {
    const shared = new SharedWrites(testClients(), 3, instantRetry());
    const a = shared.slot(0).apply(planFor([instance(1)], { team: 'blue' }));
    shared.slot(1).close();
    const c = shared.slot(2).apply(planFor([instance(2)], { team: 'blue' }));
    expect((await Promise.all([a, c])).flat().map((o) => o.status)).toEqual(['written', 'written']);
    expect(calls('ec2:CreateTags')).toBe(1);
  });

  test('EC2 takes 1,000 ids a call', async () => {
    const many = Array.from({ length: EC2_MAX_IDS + 1 }, (_, i) => instance(i));
    const outcomes = await batch([{ resources: many.slice(0, 600) }, { resources: many.slice(600) }]);
    expect(outcomes.flat()).toHaveLength(EC2_MAX_IDS + 1);
    expect(calls('ec2:CreateTags')).toBe(2);
  });
});
