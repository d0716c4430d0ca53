import fc from 'fast-check';
import { parseEvent } from '../../lambda/core/cloudtrail';
import { Rejection } from '../../lambda/core/rejection';
import { SessionRecord } from '../../lambda/core/session';
import { buildSessionRecord, readSessionIssue, transitiveTagsOf } from '../../lambda/core/session-record';
import { loadSample, loadSamples } from '../support/samples';

const STS_SAMPLES = loadSamples((file) => /(^|\/)sts\./.test(file));
const read = (event: unknown) => readSessionIssue(parseEvent(event));

describe('readSessionIssue', () => {
  test('AssumeRole: tags list, transitive keys, incoming transitive tags and the calling session', () => {
    expect(read(loadSample('sts.AssumeRole.3.json'))).toEqual(
      expect.objectContaining({
        sessionTags: { Email: 'johndoe@example.com', CostCenter: '12345' },
        transitiveTagKeys: ['Email', 'CostCenter'],
        incomingTransitiveTags: { Department: 'Engineering' },
        caller: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', account: '111111111111' },
      }),
    );
  });

  test('SAML and web identity: principalTags map and transitive keys', () => {
    expect(read(loadSample('lenient/sts.AssumeRoleWithWebIdentity.1.json'))).toEqual(
      expect.objectContaining({
        sessionTags: { CostCenter: '24680', Project: 'Pegasus' },
        transitiveTagKeys: ['CostCenter', 'Project'],
        sourceIdentity: 'MyWebIdentityUser',
      }),
    );
  });

  test('GetFederationToken: tags list; the federated user is the session', () => {
    const event = structuredClone(loadSample('sts.GetFederationToken.1.json')) as Record<string, any>;
    event.requestParameters.tags = [{ key: 'Team', value: 'red' }];
    expect(read(event)).toEqual(
      expect.objectContaining({
        sessionTags: { Team: 'red' },
        transitiveTagKeys: [],
        sessionArn: 'arn:aws:sts::742491224508:federated-user/stratus_red_team',
        sessionName: 'stratus_red_team',
      }),
    );
  });

  test('a tags list with a hole (an element deleted in place) is malformed, not a crash', () => {
    const event = structuredClone(loadSample('sts.AssumeRole.3.json')) as Record<string, any>;
    delete event.requestParameters.tags[0];
    expect(() => read(event)).toThrow(
      expect.objectContaining({ code: 'malformed', field: 'requestParameters.tags[0]' }),
    );
  });

  test('a role with a path keeps its full ARN; the session ARN has no path', () => {
    const event = structuredClone(loadSample('sts.AssumeRole.4.json')) as Record<string, any>;
    const roleArn = 'arn:aws:iam::457448411975:role/teams/red-1/stratus-red-team-ec2-get-password-data-role';
    event.requestParameters.roleArn = roleArn;
    event.resources[0].ARN = roleArn;
    expect(read(event)).toEqual(
      expect.objectContaining({ roleArn, sessionArn: event.responseElements.assumedRoleUser.arn }),
    );
  });

  test('a role ARN with a space in its account (sts.AssumeRole.15.json, given an account) is refused', () => {
    const event = { ...(loadSample('sts.AssumeRole.15.json') as object), recipientAccountId: '111122223333' };
    expect(() => read(event)).toThrow(
      expect.objectContaining({ code: 'malformed', field: 'requestParameters.roleArn' }),
    );
  });

  test('an IAM user calling AssumeRole is not a role chain', () => {
    expect(read(loadSample('sts.AssumeRole.4.json')).caller).toBeUndefined();
  });
});

describe('buildSessionRecord', () => {
  const issue = () => read(loadSample('sts.AssumeRole.3.json'));
  const caller = (tags: Record<string, string>, transitiveTagKeys: string[]): SessionRecord => ({
    ...buildSessionRecord(read(loadSample('sts.AssumeRole.4.json'))),
    tags,
    transitiveTagKeys,
  });

  test("inherits the caller's transitive tags, then what CloudTrail logged as incoming, then this call's tags", () => {
    const record = buildSessionRecord(
      issue(),
      caller({ Department: 'Sales', Region: 'EU', Secret: 'no' }, ['department', 'Region']),
    );
    expect(record.incomingTransitiveTags).toEqual({ Region: 'EU', Department: 'Engineering' });
    expect(record.tags).toEqual({
      Region: 'EU',
      Department: 'Engineering',
      Email: 'johndoe@example.com',
      CostCenter: '12345',
    });
    expect(record.transitiveTagKeys).toEqual(['Region', 'Department', 'Email', 'CostCenter']);
    expect(transitiveTagsOf(record)).toEqual(record.tags);
    expect(record).toEqual(
      expect.objectContaining({ callerAccessKeyId: 'AKIAI44QH8DHBEXAMPLE', callerRecordFound: true }),
    );
  });

  test('a session without a caller carries no caller fields', () => {
    const record = buildSessionRecord(read(loadSample('sts.AssumeRole.4.json')));
    expect(record).not.toHaveProperty('callerAccessKeyId');
    expect(record).not.toHaveProperty('callerRecordFound');
  });
});

/** Every path (as a key list) into a JSON value. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

type Mutation = { pick: number; kind: 'replace' | 'delete' | 'truncate'; replacement: unknown };

function mangle(sample: unknown, mutations: Mutation[]): unknown {
  let event = structuredClone(sample);
  for (const m of mutations) {
    const paths = pathsOf(event);
    const path = paths[m.pick % paths.length];
    if (path.length === 0) {
      event = m.kind === 'replace' ? m.replacement : event;
      continue;
    }
    let parent: any = event;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1];
    if (m.kind === 'delete') delete parent[last];
    else if (m.kind === 'truncate' && typeof parent[last] === 'string')
      parent[last] = parent[last].slice(0, m.pick % (parent[last].length + 1));
    else parent[last] = m.replacement;
  }
  return event;
}

describe('property: no input, however mangled, makes the parser throw anything but a Rejection', () => {
  const mutation = fc.record({
    pick: fc.nat(),
    kind: fc.constantFrom<Mutation['kind']>('replace', 'delete', 'truncate'),
    replacement: fc.oneof(
      fc.jsonValue(),
      fc.anything(),
      fc.constantFrom(
        'Oct 2, 2019 11:12:29 PM',
        'ASIAAAAAAAAAAAAAAAAA',
        'arn:aws:sts::111111111111:assumed-role/a/b',
        '__proto__',
      ),
    ),
  });
  const check = (input: unknown) => {
    try {
      const issue = readSessionIssue(parseEvent(input));
      const record = buildSessionRecord(issue);
      expect(Number.isNaN(Date.parse(record.expiresAt))).toBe(false);
    } catch (e) {
      expect(e).toBeInstanceOf(Rejection);
    }
  };

  test('mangled STS samples, raw and in an envelope', () => {
    fc.assert(
      fc.property(
        fc.nat(STS_SAMPLES.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (index, mutations, wrap) => {
          const sample = STS_SAMPLES[index].event as Record<string, unknown>;
          const input = wrap
            ? { id: 'e', account: sample.recipientAccountId, region: sample.awsRegion, detail: sample }
            : sample;
          check(mangle(input, mutations));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), check), { numRuns: 500 });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            'eventSource',
            'eventName',
            'awsRegion',
            'userIdentity',
            'responseElements',
            'requestParameters',
            'recipientAccountId',
            'detail',
            'eventTime',
          ),
          fc.anything(),
        ),
        check,
      ),
      { numRuns: 500 },
    );
  });
});
