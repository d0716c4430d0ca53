import { Logger } from '@aws-lambda-powertools/logger';
import { REDACTED, redactSecretFields, scrubbingLog, secretsOf } from '../../lambda/engine/redaction';
import { loadSample } from '../support/samples';

const sample = loadSample('sts.AssumeRole.12.json') as { responseElements: { credentials: { sessionToken: string } } };
const token = sample.responseElements.credentials.sessionToken;

describe('redaction', () => {
  test("the logger's JSON replacer blanks credential fields wherever they sit", () => {
    const chunks: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      new Logger({ serviceName: 'test', jsonReplacerFn: redactSecretFields }).info('event', { detail: sample });
    } finally {
      spy.mockRestore();
    }
    const line = JSON.parse(chunks.join(''));
    expect(line.detail.responseElements.credentials).toEqual({
      accessKeyId: 'ASIA9F6MXE9HSYOXYQOS',
      expiration: 'Aug 1, 2024, 11:45:22 AM',
      sessionToken: REDACTED,
    });
    expect(chunks.join('')).not.toContain(token.slice(0, 20));
  });

  test('the secrets of an event, raw or in an envelope', () => {
    expect(secretsOf(sample)).toEqual([token]);
    expect(secretsOf({ detail: sample })).toEqual([token]);
    expect(secretsOf({ responseElements: null })).toEqual([]);
  });

  test('a scrubbing log removes a secret and any quoted prefix of it from messages and fields', () => {
    const lines: unknown[] = [];
    const log = scrubbingLog({ info: (m, e) => lines.push([m, e]), warn: (m, e) => lines.push([m, e]) }, [token]);
    log.warn(`value "${token.slice(0, 57)}..." is wrong`, { reason: [token], nested: { t: `x${token}y` } });
    expect(lines).toEqual([
      [`value "${REDACTED}..." is wrong`, { reason: [REDACTED], nested: { t: `x${REDACTED}y` } }],
    ]);
  });
});
