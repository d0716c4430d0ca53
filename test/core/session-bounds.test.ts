import fc from 'fast-check';
import { parseEvent } from '../../lambda/core/cloudtrail';
import { isRejection } from '../../lambda/core/rejection';
import {
  checkSessionBounds,
  EXPIRY_TOLERANCE_SECONDS,
  FUTURE_EVENT_TOLERANCE_SECONDS,
  maxSessionSeconds,
  MAX_SESSION_SECONDS,
  ROLE_CHAINING_MAX_SECONDS,
} from '../../lambda/core/session-bounds';
import { SESSION_EVENT_NAMES } from '../../lambda/core/session';
import { readSessionIssue } from '../../lambda/core/session-record';
import { loadSample } from '../support/samples';

const ISSUED = new Date('2026-03-01T12:00:00Z');
const at = (seconds: number) => new Date(ISSUED.getTime() + seconds * 1000);
const verdict = (f: () => void) => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (!isRejection(e)) throw e;
    return `${e.code} ${e.field}`;
  }
};

const EXPIRY = 'out-of-bounds responseElements.credentials.expiration';
type Name = (typeof SESSION_EVENT_NAMES)[number];
const bounds = (eventName: Name, chained: boolean, issuedAt: Date, expiresAt: Date) =>
  verdict(() => checkSessionBounds({ eventName, chained, issuedAt, expiresAt, now: ISSUED }));

describe('STS maximum durations', () => {
  it('follow the STS API reference: 12 h for the AssumeRole calls, 36 h for GetFederationToken, 1 h chained', () => {
    expect(MAX_SESSION_SECONDS).toEqual({
      AssumeRole: 43_200,
      AssumeRoleWithSAML: 43_200,
      AssumeRoleWithWebIdentity: 43_200,
      GetFederationToken: 129_600,
    });
    expect(maxSessionSeconds('AssumeRole', true)).toBe(ROLE_CHAINING_MAX_SECONDS);
    expect(ROLE_CHAINING_MAX_SECONDS).toBe(3600);
    // Only AssumeRole can be called by a role session: the others take no caller session.
    expect(maxSessionSeconds('GetFederationToken', true)).toBe(129_600);
  });

  it('accept every lifetime up to the maximum plus the tolerance, and refuse one second more', () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.constantFrom(...SESSION_EVENT_NAMES), fc.boolean(), share, (eventName, chained, part) => {
        const max = maxSessionSeconds(eventName, chained) + EXPIRY_TOLERANCE_SECONDS;
        const lifetime = Math.max(1, Math.floor(part * max));
        expect(bounds(eventName, chained, ISSUED, at(lifetime))).toBe('accepted');
        expect(bounds(eventName, chained, ISSUED, at(max + 1))).toBe(EXPIRY);
      }),
    );
  });

  it('refuse an expiry at or before the issue time', () => {
    for (const s of [0, -1, -86_400]) expect(bounds('AssumeRole', false, ISSUED, at(s))).toBe(EXPIRY);
  });

  it('refuse an eventTime more than a few minutes in the future, and accept clock skew below that', () => {
    const ahead = (seconds: number) => bounds('AssumeRole', false, at(seconds), at(seconds + 900));
    expect(ahead(FUTURE_EVENT_TOLERANCE_SECONDS)).toBe('accepted');
    expect(ahead(FUTURE_EVENT_TOLERANCE_SECONDS + 1)).toBe('out-of-bounds eventTime');
    expect(ahead(365 * 86_400)).toBe('out-of-bounds eventTime');
  });
});

describe('readSessionIssue applies the bounds to real events', () => {
  const chain = () => structuredClone(loadSample('sts.AssumeRole.3.json')) as Record<string, any>;
  const read = (event: unknown) => verdict(() => readSessionIssue(parseEvent(event), new Date('2019-10-02T22:12:30Z')));

  it('a role chain that claims two hours is refused; the genuine one hour passes', () => {
    expect(read(chain())).toBe('accepted');
    const long = chain();
    long.responseElements.credentials.expiration = 'Oct 3, 2019, 12:12:29 AM';
    expect(read(long)).toBe(EXPIRY);
  });

  it('an expiry in year 9999 and an eventTime far ahead are refused, naming the field', () => {
    const forever = chain();
    forever.responseElements.credentials.expiration = 'Dec 31, 9999, 11:59:59 PM';
    expect(read(forever)).toBe(EXPIRY);
    const future = chain();
    future.eventTime = '2030-01-01T00:00:00Z';
    future.responseElements.credentials.expiration = 'Jan 1, 2030, 12:30:00 AM';
    expect(read(future)).toBe('out-of-bounds eventTime');
  });
});
