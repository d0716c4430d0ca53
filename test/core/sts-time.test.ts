import fc from 'fast-check';
import { Rejection } from '../../lambda/core/rejection';
import { parseStsTime } from '../../lambda/core/sts-time';

const FIELD = 'responseElements.credentials.expiration';

describe('parseStsTime', () => {
  test.each([
    ['Oct 2, 2019 11:12:29 PM', '2019-10-02T23:12:29.000Z'],
    ['Oct 2, 2019, 11:12:29 PM', '2019-10-02T23:12:29.000Z'],
    ['Mar 23, 2016, 2:39:57 AM', '2016-03-23T02:39:57.000Z'],
    ['Nov 18, 2017 1:21:51 AM', '2017-11-18T01:21:51.000Z'],
    ['Jan 1, 2026, 12:50:00 AM', '2026-01-01T00:50:00.000Z'],
    ['Jan 1, 2026, 12:50:00 PM', '2026-01-01T12:50:00.000Z'],
    ['Feb 29, 2024, 9:46:15\u202fPM', '2024-02-29T21:46:15.000Z'],
    ['2019-10-02T23:12:29Z', '2019-10-02T23:12:29.000Z'],
    ['2019-10-02T23:12:29.123Z', '2019-10-02T23:12:29.123Z'],
    ['2019-10-03T01:12:29+02:00', '2019-10-02T23:12:29.000Z'],
  ])('%s', (text, iso) => {
    expect(parseStsTime(text, FIELD).toISOString()).toBe(iso);
  });

  test.each([
    'Oct 2 2019 11:12:29 PM',
    'Oct 32, 2019 11:12:29 PM',
    'Feb 29, 2023, 9:46:15 PM',
    'Oct 2, 2019 13:12:29 PM',
    'Oct 2, 2019 0:12:29 AM',
    'oct 2, 2019 11:12:29 PM',
    'October 2, 2019 11:12:29 PM',
    'Oct 2, 2019 11:12:29',
    '2019-10-02 23:12:29',
    '2019-02-30T00:00:00Z',
    '2019-10-02T23:12:29',
    '1570057949',
    '',
  ])('refuses %j with a reason that names the field and the value', (text) => {
    expect(() => parseStsTime(text, FIELD)).toThrow(
      new Rejection(
        'malformed',
        `${FIELD} ${JSON.stringify(text)} is neither CloudTrail's "Oct 2, 2019 11:12:29 PM" form nor ISO 8601 (2019-10-02T23:12:29Z)`,
        FIELD,
      ),
    );
  });

  test('refuses a value that is not a string', () => {
    expect(() => parseStsTime(1570057949, FIELD)).toThrow(expect.objectContaining({ code: 'malformed', field: FIELD }));
  });

  test('property: both forms of any instant parse back to that instant (second precision)', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.boolean(),
        (date, comma) => {
          const d = new Date(Math.floor(date.getTime() / 1000) * 1000);
          const h = d.getUTCHours();
          const text = `${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}${comma ? ',' : ''} ${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
          expect(parseStsTime(text, FIELD).getTime()).toBe(d.getTime());
          expect(parseStsTime(d.toISOString(), FIELD).getTime()).toBe(d.getTime());
        },
      ),
    );
  });

  test('property: any string either parses to a valid date or is a malformed Rejection', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[A-Z][a-z]{2} \d{1,2}, \d{4},? \d{1,2}:\d{2}:\d{2} [AP]M$/)),
        (text) => {
          try {
            expect(Number.isNaN(parseStsTime(text, FIELD).getTime())).toBe(false);
          } catch (e) {
            expect(e).toBeInstanceOf(Rejection);
          }
        },
      ),
    );
  });
});
