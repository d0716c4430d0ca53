import { parseEvent, ParsedEvent } from '../../../lambda/core/cloudtrail';
import { isRejection, Rejection, RejectionCode } from '../../../lambda/core/rejection';
import { Tags, TagWriterKind } from '../../../lambda/core/resource';
import { extractResources } from '../../../lambda/core/registry';

/** The expected fields of one extracted resource, written out in full by each test. */
export interface Want {
  type: string;
  id: string;
  arn: string;
  writer: TagWriterKind;
  creationTags?: Tags;
  maxTags?: number;
  extra?: Record<string, string>;
}

export function want(
  type: string,
  id: string,
  arn: string,
  writer: TagWriterKind,
  creationTags: Tags = {},
  more: Partial<Want> = {},
): Want {
  return { type, id, arn, writer, creationTags, ...more };
}

/** Asserts the resources of an event exactly (order included), each in the event's account and region. */
export function expectResources(event: ParsedEvent, wanted: Want[]): void {
  const got = extractResources(event);
  expect(got).toEqual(
    wanted.map((w) => ({
      service: event.service,
      type: w.type,
      id: w.id,
      arn: w.arn,
      account: event.account,
      region: event.region,
      writer: w.writer,
      maxTags: w.maxTags ?? 50,
      creationTags: w.creationTags ?? {},
      ...(w.extra ? { extra: w.extra } : {}),
    })),
  );
}

/** The Rejection a call throws; fails the test when it throws anything else or nothing. */
export function rejectionOf(fn: () => unknown): Rejection {
  try {
    fn();
  } catch (e) {
    if (isRejection(e)) return e;
    throw e;
  }
  throw new Error('expected a Rejection, but nothing was thrown');
}

export function expectRejection(fn: () => unknown, code: RejectionCode, field?: string): Rejection {
  const r = rejectionOf(fn);
  expect({ code: r.code, field: r.field }).toEqual({ code, field });
  return r;
}

export function parsed(event: unknown, defaultAccount?: string): ParsedEvent {
  return parseEvent(event, defaultAccount ? { defaultAccount } : {});
}
