import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ResourceExplorer2Client } from '@aws-sdk/client-resource-explorer-2';
import { Progress } from '../common/progress';
import { mapLimit } from '../common/map-limit';
import { checkExplorerSetup, ExplorerSetup } from './explorer-setup';
import { indexedPairs, pairKey, searchAccount } from './explorer-search';
import { fallbackScan, FallbackClients } from './fallback';
import { Finding, Gap } from './findings';
import { ReportedType } from './resource-types';

export interface CoverageDeps {
  /** Management-account Organizations client: the delegated administrator check. */
  organizations: OrganizationsClient;
  /** Resource Explorer, as the account that owns the organization view. */
  explorer: (region: string) => ResourceExplorer2Client;
  /** Clients acting as the tagger role of an account, for the fallback. */
  fallbackClients: (account: string, region: string) => Promise<FallbackClients>;
}

export interface CoverageRequest {
  accounts: string[];
  regions: string[];
  types: ReportedType[];
  ownerTagKey: string;
  organizationArn: string;
  partition: string;
  /** Region to find the aggregator index from. */
  probeRegion: string;
  viewArn?: string;
  /** Accounts scanned at once. */
  concurrency: number;
  progress: Progress;
}

export interface CoverageResult {
  setup: ExplorerSetup;
  findings: Finding[];
  gaps: Gap[];
  /** `account/region` pairs scanned through the fallback instead of Resource Explorer. */
  fallbackPairs: string[];
}

/**
 * Resource Explorer first, for every account and region its org view covers; the tagger role's list APIs and RGTA
 * for the rest. A pair neither can read is a gap with its reason: the report never claims a count it did not see.
 */
export async function scanCoverage(deps: CoverageDeps, req: CoverageRequest): Promise<CoverageResult> {
  const setup = await checkExplorerSetup({
    explorer: deps.explorer,
    organizations: deps.organizations,
    organizationArn: req.organizationArn,
    probeRegion: req.probeRegion,
    viewArn: req.viewArn,
  });
  const findings: Finding[] = [];
  const gaps: Gap[] = [];
  const allPairs = req.accounts.flatMap((account) => req.regions.map((region) => ({ account, region })));
  let uncovered = allPairs;
  if (setup.problems.length === 0 && setup.region && setup.viewArn) {
    const client = deps.explorer(setup.region);
    const indexed = await indexedPairs(client, req.accounts);
    uncovered = allPairs.filter((p) => !indexed.has(pairKey(p.account, p.region)));
    let done = 0;
    await mapLimit(req.accounts, req.concurrency, async (account) => {
      const regions = req.regions.filter((r) => indexed.has(pairKey(account, r)));
      if (regions.length > 0) {
        const scope = { client, viewArn: setup.viewArn!, ownerTagKey: req.ownerTagKey, types: req.types, regions };
        const found = await searchAccount(scope, account);
        findings.push(...found.findings);
        gaps.push(...found.gaps);
      }
      req.progress.update('searched', 'accounts', ++done, req.accounts.length);
    });
  }
  let done = 0;
  await mapLimit(uncovered, req.concurrency, async ({ account, region }) => {
    try {
      const clients = await deps.fallbackClients(account, region);
      const scope = { account, region, partition: req.partition, ownerTagKey: req.ownerTagKey, types: req.types };
      findings.push(...(await fallbackScan(clients, scope)));
    } catch (e) {
      const err = e as Error;
      gaps.push({ account, region, reason: `fallback failed: ${err.name}: ${err.message}` });
    }
    req.progress.update('scanned', 'account-regions outside Resource Explorer', ++done, uncovered.length);
  });
  return { setup, findings, gaps, fallbackPairs: uncovered.map((p) => pairKey(p.account, p.region)) };
}
