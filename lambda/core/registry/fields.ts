import { formatArn, parseArn } from '../aws-syntax';
import { isObject, describe } from '../cloudtrail';
import { Rejection } from '../rejection';
import { Tags } from '../resource';
import { ExtractContext, ExtractedResource, ResourceRule } from './types';

/*
 * Typed readers for the request and response of an event. A field of the wrong shape is a Rejection that names
 * the field, so a rule that stops matching the real events fails loudly instead of tagging nothing.
 */

export function str(o: Record<string, unknown>, field: string, where: string): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0)
    throw new Rejection(
      'incomplete',
      `${where}.${field} must be a non-empty string, received ${describe(v)}`,
      `${where}.${field}`,
    );
  return v;
}

export function optStr(o: Record<string, unknown>, field: string): string | undefined {
  const v = o[field];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function obj(o: Record<string, unknown>, field: string, where: string): Record<string, unknown> {
  const v = o[field];
  if (!isObject(v))
    throw new Rejection(
      'incomplete',
      `${where}.${field} must be an object, received ${describe(v)}`,
      `${where}.${field}`,
    );
  return v;
}

/** A non-empty list of objects. */
export function objList(o: Record<string, unknown>, field: string, where: string): Record<string, unknown>[] {
  const v = o[field];
  if (!Array.isArray(v) || v.length === 0 || !v.every(isObject)) {
    throw new Rejection(
      'incomplete',
      `${where}.${field} must be a non-empty list of objects, received ${describe(v)}`,
      `${where}.${field}`,
    );
  }
  return v;
}

/** A string field that must be an ARN of the given service (`arn:<partition>:<service>:...`). */
export function arnField(o: Record<string, unknown>, field: string, where: string, service: string): string {
  const v = str(o, field, where);
  if (parseArn(v)?.service !== service) {
    throw new Rejection(
      'incomplete',
      `${where}.${field} must be an ${service} ARN, received ${describe(v)}`,
      `${where}.${field}`,
    );
  }
  return v;
}

/**
 * The items of a list as CloudTrail renders it: a plain array, EC2's `{items: [...]}`, or the XML-derived
 * `{item: x}` / `{item: [...]}` of the wrapped EC2 responses, where one element is not put in an array.
 */
export function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) {
    if (Array.isArray(v.items)) return v.items;
    if ('item' in v) return Array.isArray(v.item) ? v.item : [v.item];
  }
  return [];
}

/**
 * Tags in any of the shapes the services log: lists of `{key, value}`, `{Key, Value}`, `{tagKey, tagValue}`
 * (KMS), EC2's `{items: [...]}`, or a map. Numbers and booleans are kept as their text (EC2 logs `"Value": true`).
 */
export function tagsFrom(v: unknown): Tags {
  const tags: Tags = {};
  const text = (x: unknown): string | undefined =>
    typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : undefined;
  if (Array.isArray(v) || (isObject(v) && ('items' in v || 'item' in v))) {
    for (const item of listOf(v)) {
      if (!isObject(item)) continue;
      const key = item.key ?? item.Key ?? item.tagKey ?? item.TagKey;
      const value = text(item.value ?? item.Value ?? item.tagValue ?? item.TagValue ?? '');
      if (typeof key === 'string' && key.length > 0 && value !== undefined) tags[key] = value;
    }
  } else if (isObject(v)) {
    for (const [key, value] of Object.entries(v)) {
      const t = text(value);
      if (t !== undefined) tags[key] = t;
    }
  }
  return tags;
}

export interface RefSpec {
  service: string;
  type: string;
  id: string;
  arn: string;
  creationTags?: Tags;
  maxTags?: number;
  /** The account that owns the resource, where the event says so apart from the ARN (EC2 `ownerId`). */
  owner?: string;
  extra?: Record<string, string>;
}

/**
 * A ResourceRef in the event's region. Its account is the one the event or the ARN names, never assumed:
 * extractResources compares it with the event's account.
 */
export function ref(ctx: ExtractContext, spec: RefSpec): ExtractedResource {
  const r: ExtractedResource = {
    service: spec.service,
    type: spec.type,
    id: spec.id,
    arn: spec.arn,
    // The ARN's account field as written (any text, compared later), or the event's where it has none (S3, images).
    account: spec.owner ?? (parseArn(spec.arn)?.account || ctx.account),
    region: ctx.region,
    maxTags: spec.maxTags ?? 50,
    creationTags: spec.creationTags ?? {},
  };
  if (spec.extra) r.extra = spec.extra;
  return r;
}

/** The name in a `type:name` resource of a checked ARN (RDS, ElastiCache): `arn:aws:rds:...:db:orders` gives `orders`. */
export function nameAfterType(arn: string): string {
  return (parseArn(arn)?.resource ?? '').split(':').slice(1).join(':');
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`, for services whose ARN the event does not give. */
export function buildArn(ctx: ExtractContext, service: string, resource: string): string {
  return formatArn({ partition: ctx.partition, service, region: ctx.region, account: ctx.account, resource });
}

/** The ARN in `o[field]` when the event logs it, else the one `build` makes from the resource's name. */
export function arnOr(
  o: Record<string, unknown>,
  field: string,
  where: string,
  service: string,
  build: () => string,
): string {
  return o[field] === undefined || o[field] === null ? build() : arnField(o, field, where, service);
}

/** The last `/`- or `:`-separated part of an ARN: the name of most resources. */
export function arnName(arn: string): string {
  return arn.split(/[:/]/).pop() as string;
}

export interface Found {
  id: string;
  arn: string;
  creationTags?: Tags;
  extra?: Record<string, string>;
}

/** A rule for an event that creates one resource tagged through the Resource Groups Tagging API. */
export function rgtaRule(
  eventSource: string,
  eventName: string,
  type: string,
  find: (ctx: ExtractContext) => Found,
  maxTags = 50,
): ResourceRule {
  const service = eventSource.split('.')[0];
  return {
    eventSource,
    eventName,
    creates: [type],
    writer: 'rgta',
    extract: (ctx) => {
      const f = find(ctx);
      return [ref(ctx, { service, type, id: f.id, arn: f.arn, creationTags: f.creationTags, maxTags, extra: f.extra })];
    },
  };
}
