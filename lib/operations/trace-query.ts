import { OUTCOME_FIELD } from '../../lambda/engine/outcome';

/** What `tagwarden trace` looks for: one event by its id, or every event that named one resource. */
export type TraceTarget = { kind: 'event'; id: string } | { kind: 'resource'; arn: string };

const EVENT_ID = /^[A-Za-z0-9-]{8,128}$/;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:\S{1,1500}$/;

/** Reads the argument as an ARN or an event id (EventBridge and CloudTrail ids are UUIDs), or says how to fix it. */
export function traceTarget(arg: string): TraceTarget | { error: string } {
  if (arg.startsWith('arn:'))
    return ARN.test(arg)
      ? { kind: 'resource', arn: arg }
      : { error: `"${arg}" is not a resource ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)` };
  if (EVENT_ID.test(arg)) return { kind: 'event', id: arg };
  return {
    error: `"${arg}" is neither an event id (a UUID such as 3603e3ef-985e-487a-a85b-f4144102544b) nor a resource ARN`,
  };
}

/** A Logs Insights string literal: the value between double quotes, with backslashes and quotes escaped. */
function literal(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The Logs Insights query over the functions' log groups: the whole JSON line of every outcome for the event (by
 * its id field) or for the resource (the ARN anywhere in the line, since the resources are an array), oldest first.
 */
export function traceQuery(target: TraceTarget, limit = 200): string {
  const filter =
    target.kind === 'event'
      ? `${OUTCOME_FIELD.eventId} = ${literal(target.id)}`
      : `@message like ${literal(target.arn)}`;
  return [`fields @timestamp, @log, @message`, `filter ${filter}`, 'sort @timestamp asc', `limit ${limit}`].join(' | ');
}
