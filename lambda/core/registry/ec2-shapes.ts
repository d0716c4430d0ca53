import { formatArn } from '../aws-syntax';
import { isObject, describe } from '../cloudtrail';
import { Rejection } from '../rejection';
import { Tags } from '../resource';
import { listOf, ref, str, tagsFrom } from './fields';
import { ExtractContext, ExtractedResource, ResourceRule } from './types';

/*
 * What EC2 and VPC create events share: some are logged with the request and response wrapped in
 * `<EventName>Request` / `<EventName>Response` (the XML-derived shape), ids have a fixed prefix, and creation
 * tags sit in `tagSpecificationSet` (plain) or `TagSpecification` (wrapped), one entry per resource type.
 */

export const EC2_SOURCE = 'ec2.amazonaws.com';

/** The response (or request) body, unwrapped from `<EventName>Response` where the event is logged that way. */
export function unwrapped(
  o: Record<string, unknown>,
  wrapper: string,
): { body: Record<string, unknown>; where: string } {
  const inner = o[wrapper];
  return isObject(inner) ? { body: inner, where: wrapper } : { body: o, where: '' };
}

/** Like listOf, but a lone object (the XML-derived shape of a one-element list) is a list of that object. */
function oneOrMany(v: unknown): unknown[] {
  const items = listOf(v);
  return items.length === 0 && isObject(v) ? [v] : items;
}

/** The tags given at creation for one EC2 resource type (`instance`, `volume`, ...). */
export function ec2CreationTags(request: Record<string, unknown>, resourceType: string): Tags {
  const tags: Tags = {};
  for (const spec of [...listOf(request.tagSpecificationSet), ...oneOrMany(request.TagSpecification)]) {
    if (!isObject(spec) || (spec.resourceType ?? spec.ResourceType) !== resourceType) continue;
    Object.assign(tags, tagsFrom(oneOrMany(spec.tags ?? spec.Tag)));
  }
  return tags;
}

/** An EC2 id read from `body.field`, checked against its prefix so that a wrong field is caught. */
export function ec2Id(body: Record<string, unknown>, field: string, where: string, prefix: string): string {
  const id = str(body, field, where);
  if (!id.startsWith(prefix))
    throw new Rejection(
      'incomplete',
      `${where}.${field} must be an id starting with ${prefix}, received ${describe(id)}`,
      `${where}.${field}`,
    );
  return id;
}

/** The owner account EC2 logs beside the resource (sometimes as a number), if any. */
export function ownerOf(...bodies: Record<string, unknown>[]): string | undefined {
  for (const b of bodies) {
    const v = b.ownerId;
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

/** Images and snapshots have no account in their ARN; every other EC2 resource does. */
const NO_ACCOUNT_IN_ARN = new Set(['image', 'snapshot']);

export function ec2Ref(
  ctx: ExtractContext,
  type: string,
  id: string,
  owner: string | undefined,
  creationTags: Tags,
): ExtractedResource {
  const account = NO_ACCOUNT_IN_ARN.has(type) ? '' : (owner ?? ctx.account);
  return ref(ctx, {
    service: 'ec2',
    type,
    id,
    arn: formatArn({
      partition: ctx.partition,
      service: 'ec2',
      region: ctx.region,
      account,
      resource: `${type}/${id}`,
    }),
    owner,
    creationTags,
  });
}

/**
 * A rule for an event that creates one EC2 resource. `path` leads from the (unwrapped) response to the object
 * holding the id; `type` is both the ARN's resource type and the `resourceType` of its tag specification.
 */
export function singleEc2(
  eventName: string,
  type: string,
  path: string[],
  idField: string,
  prefix: string,
): ResourceRule {
  return {
    eventSource: EC2_SOURCE,
    eventName,
    creates: [type],
    writer: 'ec2',
    extract: (ctx) => {
      const response = unwrapped(ctx.response, `${eventName}Response`);
      let body = response.body;
      let where = response.where ? `responseElements.${response.where}` : 'responseElements';
      const outer = body;
      for (const key of path) {
        const next = body[key];
        if (!isObject(next))
          throw new Rejection(
            'incomplete',
            `${where}.${key} must be an object, received ${describe(next)}`,
            `${where}.${key}`,
          );
        body = next;
        where = `${where}.${key}`;
      }
      const id = ec2Id(body, idField, where, prefix);
      const request = unwrapped(ctx.request, `${eventName}Request`).body;
      return [ec2Ref(ctx, type, id, ownerOf(body, outer), ec2CreationTags(request, type))];
    },
  };
}
