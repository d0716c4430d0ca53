import {
  ListIndexesForMembersCommand,
  Resource,
  ResourceExplorer2Client,
  SearchCommand,
  SearchCommandOutput,
} from '@aws-sdk/client-resource-explorer-2';
import { Finding, Gap } from './findings';
import { ReportedType } from './resource-types';

/** Search counts and returns at most this many matches per query (Resource Explorer API reference, ResourceCount). */
export const SEARCH_RESULT_CAP = 1000;
/** The largest page Search returns. */
const PAGE_SIZE = 1000;
/** Account ids per ListIndexesForMembers call: kept small, since the API reference states no larger safe bound. */
const MEMBER_BATCH = 10;

/** A part of one account that one query covers; it is narrowed (service, then region) while a query is capped. */
interface Slice {
  account: string;
  service?: string;
  region?: string;
}

export interface SearchScope {
  client: ResourceExplorer2Client;
  viewArn: string;
  ownerTagKey: string;
  types: ReportedType[];
  regions: string[];
}

/** The (account, region) pairs that have a Resource Explorer index, and so are visible through the org view. */
export async function indexedPairs(client: ResourceExplorer2Client, accounts: string[]): Promise<Set<string>> {
  const pairs = new Set<string>();
  for (let i = 0; i < accounts.length; i += MEMBER_BATCH) {
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new ListIndexesForMembersCommand({ AccountIdList: accounts.slice(i, i + MEMBER_BATCH), NextToken }),
      );
      for (const index of page.Indexes ?? []) {
        if (index.AccountId && index.Region) pairs.add(pairKey(index.AccountId, index.Region));
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return pairs;
}

export function pairKey(account: string, region: string): string {
  return `${account}/${region}`;
}

/**
 * Every supported resource of one account that the org view shows, each marked with whether it carries the owner
 * key. Two queries per slice: all taggable resources, then those without the owner key; a third (`tag:none`) marks
 * the ones with no tag at all. A capped query is split by service, then by region, so no count is silently short.
 */
export async function searchAccount(scope: SearchScope, account: string): Promise<{ findings: Finding[]; gaps: Gap[] }> {
  const gaps: Gap[] = [];
  const seen = new Map<string, Resource>();
  const missing = new Set<string>();
  const untagged = new Set<string>();
  for (const slice of await uncappedSlices(scope, { account }, gaps)) {
    for (const r of await searchAll(scope, slice)) if (r.Arn) seen.set(r.Arn, r);
    const noOwner = await searchAll(scope, slice, `-tag.key:${scope.ownerTagKey}`);
    for (const r of noOwner) if (r.Arn) missing.add(r.Arn);
    if (noOwner.length > 0) for (const r of await searchAll(scope, slice, 'tag:none')) if (r.Arn) untagged.add(r.Arn);
  }
  const byType = new Map(scope.types.map((t) => [t.type, t]));
  const regions = new Set([...scope.regions, 'global']);
  const findings: Finding[] = [];
  for (const [arn, r] of seen) {
    const type = byType.get((r.ResourceType ?? '').toLowerCase());
    if (!type || !r.Region || !regions.has(r.Region) || r.OwningAccountId !== account) continue;
    findings.push({
      arn,
      type: type.type,
      service: type.service,
      account,
      region: r.Region,
      source: 'resource-explorer',
      hasOwner: !missing.has(arn),
      untagged: untagged.has(arn),
    });
  }
  return { findings, gaps };
}

function queryOf(slice: Slice, extra?: string): string {
  return [
    `accountid:${slice.account}`,
    slice.service && `service:${slice.service}`,
    slice.region && `region:${slice.region}`,
    'resourcetype.supports:tags',
    extra,
  ]
    .filter(Boolean)
    .join(' ');
}

async function firstPage(scope: SearchScope, slice: Slice): Promise<SearchCommandOutput> {
  return scope.client.send(new SearchCommand({ ViewArn: scope.viewArn, QueryString: queryOf(slice), MaxResults: PAGE_SIZE }));
}

/** Narrows the slice until each part's query is complete; a part that cannot be narrowed further is a gap. */
async function uncappedSlices(scope: SearchScope, slice: Slice, gaps: Gap[]): Promise<Slice[]> {
  const { Count } = await firstPage(scope, slice);
  if (Count?.Complete !== false) return [slice];
  const narrower = narrow(scope, slice);
  if (narrower.length === 0) {
    gaps.push({
      ...slice,
      reason: `more than ${SEARCH_RESULT_CAP} matches in one service and region: Resource Explorer returns only the first ` +
        `${SEARCH_RESULT_CAP}, so these counts are lower bounds`,
    });
    return [slice];
  }
  const parts: Slice[] = [];
  for (const part of narrower) parts.push(...(await uncappedSlices(scope, part, gaps)));
  return parts;
}

function narrow(scope: SearchScope, slice: Slice): Slice[] {
  if (!slice.service) return [...new Set(scope.types.map((t) => t.service))].map((service) => ({ ...slice, service }));
  if (!slice.region) return [...scope.regions, 'global'].map((region) => ({ ...slice, region }));
  return [];
}

async function searchAll(scope: SearchScope, slice: Slice, extra?: string): Promise<Resource[]> {
  const resources: Resource[] = [];
  let NextToken: string | undefined;
  do {
    const page = await scope.client.send(
      new SearchCommand({ ViewArn: scope.viewArn, QueryString: queryOf(slice, extra), MaxResults: PAGE_SIZE, NextToken }),
    );
    resources.push(...(page.Resources ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return resources;
}
