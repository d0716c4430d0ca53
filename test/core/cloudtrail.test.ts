import { eventsOf, parseEvent } from '../../lambda/core/cloudtrail';
import { Rejection } from '../../lambda/core/rejection';
import { loadLogFiles, loadSamples } from '../support/samples';

describe('parseEvent', () => {
  const samples = loadSamples();

  test('the samples directory is there', () => {
    expect(samples.length).toBeGreaterThan(150);
  });

  test.each(samples.map((s) => [s.file, s.event] as const))('%s parses or is rejected with a typed reason', (_file, event) => {
    try {
      const parsed = parseEvent(event, { defaultAccount: '000000000000' });
      expect(parsed.account).toMatch(/^\d{12}$/);
      expect(parsed.service).toBe(parsed.record.eventSource.split('.')[0]);
    } catch (e) {
      expect(e).toBeInstanceOf(Rejection);
    }
  });

  test('an envelope whose account differs from recipientAccountId is refused', () => {
    const event = { account: '111111111111', region: 'us-east-1', detail: { eventSource: 's3.amazonaws.com', eventName: 'CreateBucket', awsRegion: 'us-east-1', recipientAccountId: '222222222222', userIdentity: {} } };
    expect(() => parseEvent(event)).toThrow(expect.objectContaining({ code: 'account-mismatch' }));
  });

  test('a raw record without an account is refused unless a default is given', () => {
    const record = { eventSource: 'ec2.amazonaws.com', eventName: 'CreateKeyPair', awsRegion: 'us-east-1', userIdentity: {} };
    expect(() => parseEvent(record)).toThrow(expect.objectContaining({ code: 'incomplete', field: 'recipientAccountId' }));
    expect(parseEvent(record, { defaultAccount: '123456789012' }).account).toBe('123456789012');
  });

  test('a 13-digit account id is malformed', () => {
    const record = { eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', awsRegion: 'us-east-1', recipientAccountId: '1010101010101', userIdentity: {} };
    expect(() => parseEvent(record)).toThrow(expect.objectContaining({ code: 'malformed', field: 'recipientAccountId' }));
  });

  test('log files split into their records', () => {
    for (const log of loadLogFiles()) {
      const records = eventsOf(log.event);
      expect(records.length).toBeGreaterThan(0);
    }
  });
});
