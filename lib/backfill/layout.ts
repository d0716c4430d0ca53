/*
 * Where an organization trail puts its files (CloudTrail User Guide, "Finding your CloudTrail log files" and
 * "CloudTrail digest file structure"):
 *   [PREFIX/]AWSLogs/<org-id>/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail_<region>_<stamp>_<id>.json.gz
 *   [PREFIX/]AWSLogs/<org-id>/<account>/CloudTrail-Digest/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail-Digest_..._<stamp>.json.gz
 * CloudTrail-Insight folders hold Insights events, not API calls: backfill never lists them.
 */

export const LOG_FOLDER = 'CloudTrail';
export const DIGEST_FOLDER = 'CloudTrail-Digest';

export interface TrailKey {
  /** The key as the source names it (prefix included). */
  key: string;
  /** From `AWSLogs/` on: how a digest names the file whatever the bucket, prefix or local folder. */
  tail: string;
  org: string;
  account: string;
  region: string;
  /** yyyy-mm-dd of the folder. */
  day: string;
  kind: 'log' | 'digest';
  /** The file name's UTC time stamp as an ISO string: logs sort by it, which is the order CloudTrail delivered them. */
  stamp: string;
}

const KEY =
  /(?:^|\/)(AWSLogs\/(o-[a-z0-9]{10,32})\/(\d{12})\/(CloudTrail|CloudTrail-Digest)\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+\.json\.gz))$/;
const STAMP = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z[_.]/;

/** The parts of an organization trail key, or undefined for anything else (Insights, other layouts, stray files). */
export function parseTrailKey(key: string): TrailKey | undefined {
  const m = KEY.exec(key);
  if (!m) return undefined;
  const [, tail, org, account, folder, region, yyyy, mm, dd, name] = m;
  const s = STAMP.exec(name);
  if (!s || !name.startsWith(`${account}_`)) return undefined;
  const stamp = `${s[1]}-${s[2]}-${s[3]}T${s[4]}:${s[5]}:${s[6] ?? '00'}Z`;
  return {
    key,
    tail,
    org,
    account,
    region,
    day: `${yyyy}-${mm}-${dd}`,
    kind: folder === LOG_FOLDER ? 'log' : 'digest',
    stamp,
  };
}

/** The folder holding one account's files of one region and day. */
export function dayFolder(
  root: string,
  org: string,
  account: string,
  folder: string,
  region: string,
  day: string,
): string {
  return `${root}AWSLogs/${org}/${account}/${folder}/${region}/${day.replace(/-/g, '/')}/`;
}

/** Every UTC day from `from` to `to`, both included, as yyyy-mm-dd. */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  for (; d.getTime() <= to.getTime(); d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  return days;
}

/** The key prefix under a source root: empty, or the prefix with one trailing slash. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `${trimmed}/` : '';
}
