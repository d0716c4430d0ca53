import { S3ControlClient, TagResourceCommand } from '@aws-sdk/client-s3-control';
import { GetRoleCommand, IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { getRoleOutput } from '../support/iam-roles';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { IamTagReader } from '../../lambda/aws/iam-tags';
import { TagApplier } from '../../lambda/aws/writers';
import { tagEvent } from '../../lambda/engine/tag-event';
import { instantRetry, testClients } from '../support/engine';
import { loadSamples } from '../support/samples';
import { MemorySessions } from '../support/sessions';

const s3 = mockClient(S3ControlClient);
const iam = mockClient(IAMClient);
s3.on(TagResourceCommand).resolves({});
iam.on(ListUserTagsCommand).resolves({ Tags: [] });
iam.on(GetRoleCommand).callsFake((input) => getRoleOutput(input.RoleName, {}));

const clients = testClients();
const deps = {
  settings: {
    protectedTagPrefix: 'scp-',
    ownerTagKey: 'Owner',
    propagation: { include: ['*'], exclude: [] },
    conflict: 'keep' as const,
  },
  sessions: new MemorySessions(),
  iamTags: new IamTagReader({ clients, ttlSeconds: 300 }),
  applier: new TagApplier(clients, instantRetry()),
};

const samples = loadSamples((f) => /^s3\.CreateBucket\./.test(f)).map((s) => s.event);

/** Every path of an object, as lists of keys. */
function pathsOf(v: unknown, prefix: string[] = []): string[][] {
  if (typeof v !== 'object' || v === null) return [prefix];
  return [prefix, ...Object.entries(v).flatMap(([k, child]) => pathsOf(child, [...prefix, k]))];
}

function replaceAt(v: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(v) as Record<string, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

describe('tagEvent on mangled real events', () => {
  test('any field replaced by any value yields an outcome, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...samples), fc.nat(), fc.anything(), async (sample, pick, value) => {
        const paths = pathsOf(sample);
        const mangled = replaceAt(sample, paths[pick % paths.length], value);
        const outcome = await tagEvent(mangled, deps);
        expect(['tagged', 'ignored', 'rejected', 'retry']).toContain(outcome.status);
        if (outcome.status === 'rejected' || outcome.status === 'ignored')
          expect(outcome.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
