import { Resource, SearchCommandInput, SearchCommandOutput } from '@aws-sdk/client-resource-explorer-2';

/** One resource as the stand-in indexes it. */
export interface IndexedResource {
  arn: string;
  account: string;
  region: string;
  /** `ec2:instance`. */
  type: string;
  tags: Record<string, string>;
}

/** The filter prefixes coverage sends, with Resource Explorer's meaning (user guide, search query syntax). */
function matches(r: IndexedResource, term: string): boolean {
  const negated = term.startsWith('-');
  const [prefix, value] = (negated ? term.slice(1) : term).split(/:(.*)/s);
  const lower = (s: string) => s.toLowerCase();
  const keys = Object.keys(r.tags).map(lower);
  let hit: boolean;
  switch (prefix) {
    case 'accountid':
      hit = r.account === value;
      break;
    case 'region':
      hit = r.region === value;
      break;
    case 'service':
      hit = r.type.split(':')[0] === value;
      break;
    case 'resourcetype.supports':
      hit = value === 'tags';
      break;
    case 'tag.key':
      // The search is case-insensitive, tag keys included.
      hit = keys.includes(lower(value));
      break;
    case 'tag':
      if (value !== 'none') throw new Error(`stand-in: tag:${value} is not modelled`);
      hit = keys.length === 0;
      break;
    default:
      throw new Error(`stand-in: filter prefix ${prefix} is not modelled`);
  }
  return negated ? !hit : hit;
}

/**
 * Answers Search like Resource Explorer: every term must match (filters of different prefixes are ANDed), at most
 * `cap` matches are counted and returned, and `Count.Complete` says whether the cap was reached. Pages hold `page`.
 */
export function searchHandler(resources: IndexedResource[], cap = 1000, page = 1000) {
  return (input: SearchCommandInput): SearchCommandOutput => {
    const terms = (input.QueryString ?? '').split(/\s+/).filter(Boolean);
    const all = resources.filter((r) => terms.every((t) => matches(r, t)));
    const capped = all.slice(0, cap);
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const size = Math.min(input.MaxResults ?? page, page);
    const slice = capped.slice(start, start + size);
    const toResource = (r: IndexedResource): Resource => ({
      Arn: r.arn,
      OwningAccountId: r.account,
      Region: r.region,
      ResourceType: r.type,
      Service: r.type.split(':')[0],
    });
    return {
      $metadata: {},
      Resources: slice.map(toResource),
      Count: { TotalResources: capped.length, Complete: all.length <= cap },
      NextToken: start + size < capped.length ? String(start + size) : undefined,
      ViewArn: input.ViewArn,
    };
  };
}

/** `n` resources of one type in one account and region, each tagged as `tags(i)` says. */
export function resourcesOf(
  n: number,
  account: string,
  region: string,
  type: string,
  tags: (i: number) => Record<string, string>,
): IndexedResource[] {
  const [service, kind] = type.split(':');
  return Array.from({ length: n }, (_, i) => ({
    arn: `arn:aws:${service}:${region}:${account}:${kind}/${type.replace(':', '-')}-${i}`,
    account,
    region,
    type,
    tags: tags(i),
  }));
}
