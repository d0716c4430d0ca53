import { Rejection } from './rejection';
import { SESSION_EVENT_NAMES } from './session';

/*
 * The longest sessions STS issues, from the STS API reference (DurationSeconds of each action): a record whose
 * expiry lies beyond them, or before its issue, was not written by STS. Bounding the record also bounds how long a
 * session record can live in the table (its TTL is the expiry).
 */

type SessionEventName = (typeof SESSION_EVENT_NAMES)[number];

const HOUR = 3600;

/** The maximum DurationSeconds of each action (AssumeRole*: a role's maximum session setting, at most 12 hours). */
export const MAX_SESSION_SECONDS: Readonly<Record<SessionEventName, number>> = {
  AssumeRole: 12 * HOUR,
  AssumeRoleWithSAML: 12 * HOUR,
  AssumeRoleWithWebIdentity: 12 * HOUR,
  GetFederationToken: 36 * HOUR,
};
/** Role chaining (an assumed-role session calling AssumeRole) limits the new session to one hour. */
export const ROLE_CHAINING_MAX_SECONDS = HOUR;
/** CloudTrail logs eventTime and the expiry to the second, from clocks that may differ by a little. */
export const EXPIRY_TOLERANCE_SECONDS = 30;
/** How far in the future an eventTime may lie, for clock skew between AWS and the function. */
export const FUTURE_EVENT_TOLERANCE_SECONDS = 300;

export interface SessionTimes {
  eventName: SessionEventName;
  issuedAt: Date;
  expiresAt: Date;
  /** The caller was itself an assumed-role session. */
  chained: boolean;
  /** The time the event is received. */
  now: Date;
}

/** The longest session the call could have created, in seconds. */
export function maxSessionSeconds(eventName: SessionEventName, chained: boolean): number {
  return chained && eventName === 'AssumeRole' ? ROLE_CHAINING_MAX_SECONDS : MAX_SESSION_SECONDS[eventName];
}

/** Throws an `out-of-bounds` Rejection naming the field when the times are not ones STS can have logged. */
export function checkSessionBounds(t: SessionTimes): void {
  const futureSeconds = (t.issuedAt.getTime() - t.now.getTime()) / 1000;
  if (futureSeconds > FUTURE_EVENT_TOLERANCE_SECONDS) {
    throw new Rejection(
      'out-of-bounds',
      `eventTime ${t.issuedAt.toISOString()} lies ${Math.round(futureSeconds)} s in the future ` +
        `(at most ${FUTURE_EVENT_TOLERANCE_SECONDS} s of clock skew is accepted)`,
      'eventTime',
    );
  }
  const field = 'responseElements.credentials.expiration';
  const lifetime = (t.expiresAt.getTime() - t.issuedAt.getTime()) / 1000;
  if (lifetime <= 0) {
    const message = `${field} ${t.expiresAt.toISOString()} is not after eventTime ${t.issuedAt.toISOString()}`;
    throw new Rejection('out-of-bounds', message, field);
  }
  const max = maxSessionSeconds(t.eventName, t.chained);
  if (lifetime > max + EXPIRY_TOLERANCE_SECONDS) {
    const why = t.chained && t.eventName === 'AssumeRole' ? 'a role-chained AssumeRole' : t.eventName;
    const message =
      `${field} ${t.expiresAt.toISOString()} is ${Math.round(lifetime)} s after eventTime; ` +
      `${why} issues at most ${max} s`;
    throw new Rejection('out-of-bounds', message, field);
  }
}
