import { isObject } from '../core/cloudtrail';
import type { RecorderLog } from './record-session';

/** Credential fields whose values must never reach a log line. */
export const SECRET_FIELDS = ['sessionToken', 'secretAccessKey'] as const;
export const REDACTED = '[redacted]';

/** A JSON replacer for the logger: blanks every secret credential field, wherever it sits in a logged object. */
export function redactSecretFields(key: string, value: unknown): unknown {
  return (SECRET_FIELDS as readonly string[]).includes(key) && value !== undefined ? REDACTED : value;
}

/** The secret credential values an event carries (the envelope's detail or the raw record). */
export function secretsOf(event: unknown): string[] {
  const record = isObject(event) && isObject(event.detail) ? event.detail : event;
  const response = isObject(record) ? record.responseElements : undefined;
  const credentials = isObject(response) ? response.credentials : undefined;
  if (!isObject(credentials)) return [];
  return SECRET_FIELDS.map((f) => credentials[f]).filter((v): v is string => typeof v === 'string' && v.length >= 8);
}

/** A log that replaces every occurrence of the given secrets (and any 8+ character prefix of one) in what it writes. */
export function scrubbingLog(log: RecorderLog, secrets: string[]): RecorderLog {
  if (secrets.length === 0) return log;
  const scrub = (text: string): string => secrets.reduce((t, secret) => scrubOne(t, secret), text);
  const deep = (v: unknown): unknown =>
    typeof v === 'string'
      ? scrub(v)
      : Array.isArray(v)
        ? v.map(deep)
        : isObject(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
          : v;
  return {
    info: (message, extra) => log.info(scrub(message), extra && (deep(extra) as Record<string, unknown>)),
    warn: (message, extra) => log.warn(scrub(message), extra && (deep(extra) as Record<string, unknown>)),
  };
}

/** Error messages quote at most the first 57 characters of a value, so a prefix of a secret is as bad as all of it. */
function scrubOne(text: string, secret: string): string {
  let out = text.split(secret).join(REDACTED);
  for (let length = Math.min(secret.length - 1, 57); length >= 8; length--) {
    const prefix = secret.slice(0, length);
    if (out.includes(prefix)) out = out.split(prefix).join(REDACTED);
  }
  return out;
}
