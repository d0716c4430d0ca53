import { STSClient } from '@aws-sdk/client-sts';
import { ClientPool } from '../../lambda/aws/clients';
import { TaggerCredentials } from '../../lambda/aws/credentials';
import { RetryPolicy } from '../../lambda/aws/retry';
import { ResourceRef, TagWriterKind } from '../../lambda/core/resource';
import { RuntimeSettings } from '../../lambda/core/settings';

/** A client pool whose clients aws-sdk-client-mock intercepts (it stubs `send` on every instance of a client class). */
export function testClients(): ClientPool {
  return new ClientPool(new TaggerCredentials({ roleName: 'tagger', sts: new STSClient({ region: 'us-east-1' }) }));
}

/** Retries without waiting; the pauses asked for are recorded. */
export function instantRetry(attempts = 3): RetryPolicy & { pauses: number[] } {
  const pauses: number[] = [];
  return { attempts, baseDelayMs: 100, pauses, sleep: async (ms) => void pauses.push(ms) };
}

export function ref(writer: TagWriterKind, id: string, overrides: Partial<ResourceRef> = {}): ResourceRef {
  return {
    service: writer === 'ec2' ? 'ec2' : 'test',
    type: 'thing',
    id,
    arn: `arn:aws:test:us-east-1:123456789012:thing/${id}`,
    account: '123456789012',
    region: 'us-east-1',
    writer,
    maxTags: 50,
    creationTags: {},
    ...overrides,
  };
}

import { ParsedEvent } from '../../lambda/core/cloudtrail';
import { resolvePrincipal } from '../../lambda/core/principal';
import { PlanSettings, planTags, TagPlan } from '../../lambda/core/tag-plan';
import { Tags } from '../../lambda/core/resource';

export const BOB = 'arn:aws:iam::123456789012:user/bob';

/** A plan for resources created by IAM user bob (123456789012) whose IAM tags are `iamTags`. */
export function planFor(resources: ResourceRef[], iamTags: Tags, settings: Partial<PlanSettings> = {}): TagPlan {
  const identity = { type: 'IAMUser', arn: BOB, accountId: '123456789012', userName: 'bob' };
  const event = {
    record: {
      eventSource: 'test.amazonaws.com',
      eventName: 'CreateThing',
      awsRegion: 'us-east-1',
      userIdentity: identity,
    },
    account: '123456789012',
    region: 'us-east-1',
    id: 'evt-1',
    service: 'test',
    format: 'raw-record',
  } as ParsedEvent;
  return planTags({
    event,
    resources,
    principal: resolvePrincipal(identity, '123456789012'),
    iamTags: { status: 'read', tags: iamTags },
    session: { status: 'not-applicable', reason: 'an IAM user' },
    settings: {
      protectedTagPrefix: 'scp-',
      ownerTagKey: 'Owner',
      propagation: { include: ['*'], exclude: [] },
      conflict: 'keep',
      ...settings,
    },
  });
}

/** The settings the stack gives the functions, for tests and the bench; `overrides` set what a case needs. */
export function runtimeSettings(overrides: Partial<RuntimeSettings> = {}): RuntimeSettings {
  return {
    organizationId: 'o-exampleorg1',
    taggerRoleName: 'tagger',
    protectedTagPrefix: 'scp-',
    ownerTagKey: 'Owner',
    propagation: { include: ['*'], exclude: [] },
    conflict: 'keep',
    sessionDeliveryWindowSeconds: 900,
    iamTagCacheSeconds: 300,
    sessionTableName: 'tagwarden-sessions',
    ...overrides,
  };
}
