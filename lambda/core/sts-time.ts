import { Rejection } from './rejection';
import { describe } from './cloudtrail';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * CloudTrail prints `credentials.expiration` with Java's US medium format, in UTC: `Oct 2, 2019 11:12:29 PM`.
 * Newer Java locale data adds a comma after the year and may put a narrow no-break space before AM/PM.
 */
const CLOUDTRAIL_FORM = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})[ \u00a0\u202f](AM|PM)$/;
const ISO_FORM = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Parses a time in CloudTrail's expiration form or in ISO 8601; anything else is a Rejection naming the field. */
export function parseStsTime(value: unknown, field: string): Date {
  if (typeof value !== 'string')
    throw new Rejection('malformed', `${field} must be a date string, received ${describe(value)}`, field);
  const date = parseCloudTrailForm(value) ?? parseIsoForm(value);
  if (!date) {
    throw new Rejection(
      'malformed',
      `${field} ${describe(value)} is neither CloudTrail's "Oct 2, 2019 11:12:29 PM" form nor ISO 8601 (2019-10-02T23:12:29Z)`,
      field,
    );
  }
  return date;
}

function parseCloudTrailForm(value: string): Date | undefined {
  const m = CLOUDTRAIL_FORM.exec(value);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]);
  const [day, year, hour12, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 0 || hour12 < 1 || hour12 > 12) return undefined;
  const hour = (hour12 % 12) + (m[7] === 'PM' ? 12 : 0);
  return exactUtc(year, month, day, hour, minute, second);
}

function parseIsoForm(value: string): Date | undefined {
  const m = ISO_FORM.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  // Check the fields themselves: Date would roll Feb 30 over into March.
  if (!exactUtc(year, month - 1, day, hour, minute, second)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function exactUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): Date | undefined {
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return same ? date : undefined;
}
