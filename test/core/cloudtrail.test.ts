import { eventsOf, parseEvent } from '../../lambda/core/cloudtrail';
import { Rejection } from '../../lambda/core/rejection';
import { loadLogFiles, loadSamples } from '../support/samples';

describe('parseEvent', () => {
  const samples = loadSamples();

  test('the samples directory is there', () => {
    expect(samples.length).toBeGreaterThan(150);
  });

  test.each(samples.map((s) => [s.file, s.event] as const))(
    '%s parses or is rejected with a typed reason',
    (_file, event) => {
      try {
        const parsed = parseEvent(event, { defaultAccount: '000000000000' });
        expect(parsed.account).toMatch(/^\d{12}$/);
        expect(parsed.service).toBe(parsed.record.eventSource.split('.')[0]);
      } catch (e) {
        expect(e).toBeInstanceOf(Rejection);
      }
    },
  );

  test('an envelope whose account differs from recipientAccountId is refused', () => {
    const event = {
      source: 'aws.s3',
      account: '111111111111',
      region: 'us-east-1',
      detail: {
        eventSource: 's3.amazonaws.com',
        eventName: 'CreateBucket',
        awsRegion: 'us-east-1',
        recipientAccountId: '222222222222',
        userIdentity: {},
      },
    };
    expect(() => parseEvent(event)).toThrow(expect.objectContaining({ code: 'account-mismatch' }));
  });

  test('a raw record without an account is refused unless a default is given', () => {
    const record = {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateKeyPair',
      awsRegion: 'us-east-1',
      userIdentity: {},
    };
    expect(() => parseEvent(record)).toThrow(
      expect.objectContaining({ code: 'incomplete', field: 'recipientAccountId' }),
    );
    expect(parseEvent(record, { defaultAccount: '123456789012' }).account).toBe('123456789012');
  });

  test('a 13-digit account id is malformed', () => {
    const record = {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      awsRegion: 'us-east-1',
      recipientAccountId: '1010101010101',
      userIdentity: {},
    };
    expect(() => parseEvent(record)).toThrow(
      expect.objectContaining({ code: 'malformed', field: 'recipientAccountId' }),
    );
  });

  test('log files split into their records', () => {
    for (const log of loadLogFiles()) {
      const records = eventsOf(log.event);
      expect(records.length).toBeGreaterThan(0);
    }
  });
});

describe('only events AWS emitted, first delivery', () => {
  const detail = {
    eventSource: 's3.amazonaws.com',
    eventName: 'CreateBucket',
    awsRegion: 'us-east-1',
    recipientAccountId: '111111111111',
    userIdentity: {},
  };
  const envelope = (extra: Record<string, unknown>) => ({
    'detail-type': 'AWS API Call via CloudTrail',
    account: '111111111111',
    region: 'us-east-1',
    detail,
    ...extra,
  });
  const refusal = (code: string, field?: string) => expect.objectContaining({ code, ...(field ? { field } : {}) });

  test.each([
    ['a custom source', { source: 'x.forge' }],
    ['a source that only looks like aws', { source: 'aws-s3' }],
    ['a partner event source', { source: 'aws.partner/example.com/1234/orders' }],
    ['no source at all', {}],
    ['a source that is not a string', { source: ['aws.s3'] }],
  ])('%s is refused as untrusted-source, naming the field', (_, extra) => {
    expect(() => parseEvent(envelope(extra))).toThrow(refusal('untrusted-source', 'source'));
  });

  test('a replayed event is refused, naming replay-name', () => {
    expect(() => parseEvent(envelope({ source: 'aws.s3', 'replay-name': 'nightly' }))).toThrow(
      expect.objectContaining({
        code: 'replayed',
        field: 'replay-name',
        message: expect.stringContaining('"nightly"'),
      }),
    );
  });

  test('the genuine envelope passes; source is not paired with eventSource', () => {
    // monitoring.amazonaws.com events come as aws.cloudwatch: no mechanical mapping exists.
    expect(parseEvent(envelope({ source: 'aws.s3' })).account).toBe('111111111111');
    expect(parseEvent(envelope({ source: 'aws.cloudwatch' })).service).toBe('s3');
  });

  test('a CloudTrail Insights record is unsupported (ignored), not malformed', () => {
    const insight = {
      eventVersion: '1.08',
      eventTime: '2026-01-01T00:00:00Z',
      awsRegion: 'us-east-1',
      eventID: 'i-1',
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '111111111111',
      sharedEventID: 's',
      insightDetails: { state: 'Start' },
    };
    expect(() => parseEvent(insight)).toThrow(refusal('unsupported', 'eventType'));
    expect(() => parseEvent(envelope({ source: 'aws.cloudtrail', detail: insight }))).toThrow(refusal('unsupported'));
  });

  test('an event the caller does not handle is unsupported even when its account field is malformed', () => {
    const odd = { ...detail, eventSource: 'gamelift.amazonaws.com', eventName: 'CreateFleet', recipientAccountId: 'x' };
    const handles = (source: string) => source === 's3.amazonaws.com';
    expect(() => parseEvent(odd, { handles })).toThrow(refusal('unsupported', 'eventName'));
    // A handled event with that account is still malformed.
    const handled = { ...odd, eventSource: 's3.amazonaws.com' };
    expect(() => parseEvent(handled, { handles })).toThrow(refusal('malformed', 'recipientAccountId'));
  });
});
