import { userInfo } from 'node:os';
import { partitionOf } from '../../lambda/core/aws-syntax';
import { TagwardenConfig } from '../config';
import { knownServices, reportedTypes } from '../coverage/resource-types';
import type { CoverageDeps } from '../coverage/scan';
import { describeTargets, listRoots, listTargetAccounts } from '../enrollment/org-accounts';
import { assumeTaggerRole, sessionName } from '../principal-tags/iam-principal-tags';
import { BAD_ARGUMENT_EXIT } from '../principal-tags/validate';
import { awsClients, callerRegion, RETRY_CONFIG, TemporaryCredentials } from '../common/aws-clients';
import { CliError, EXIT } from '../common/cli-error';
import { printJson } from './json-output';
import { CommandContext, Registrar } from './program';
import { Progress, progressReporter } from '../common/progress';
import { taggerRoleArn } from './tagger-session';
import { COMMAND_SUMMARY } from './summaries';

/** Exit code when the report is partial: Resource Explorer is not set up, or some account or region was not seen. */
export const COVERAGE_INCOMPLETE_EXIT = EXIT.incomplete;

interface CoverageOptions {
  accounts?: string;
  regions?: string;
  services?: string;
  view?: string;
  explorerProfile?: string;
  concurrency: string;
  csv?: boolean;
}

export const registerCoverage: Registrar = (program, ctx) => {
  program
    .command('coverage')
    .summary(COMMAND_SUMMARY.coverage)
    .description(
      'Report the resources of supported types that lack the Owner tag, per account and service, from Resource ' +
        `Explorer's organization view (with a fallback where it does not reach); exits ${COVERAGE_INCOMPLETE_EXIT} when ` +
        'part of the organization could not be seen',
    )
    .option(
      '--accounts <ids>',
      'comma-separated account ids (default: the enrolled accounts and the management account)',
    )
    .option('--regions <regions>', 'comma-separated regions (default: the governed regions)')
    .option('--services <names>', `comma-separated services, e.g. ec2,s3 (default: every supported service)`)
    .option('--view <arn>', "the Resource Explorer view to search (default: the aggregator region's default view)")
    .option(
      '--explorer-profile <name>',
      'AWS profile of the account that owns the organization view (default: --profile)',
    )
    .option('--concurrency <n>', 'accounts scanned at once', '8')
    .option('--csv', 'print one CSV row per resource that lacks the Owner tag')
    .action((opts: CoverageOptions) => coverage(ctx, opts));
};

function bad(message: string): CliError {
  return new CliError(message, BAD_ARGUMENT_EXIT);
}

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Every argument is checked before the first AWS call. */
function parseOptions(config: TagwardenConfig, opts: CoverageOptions, json: boolean | undefined) {
  if (json && opts.csv) throw bad('--json and --csv exclude each other: pick one output format');
  const accounts = list(opts.accounts);
  const badAccount = accounts?.find((a) => !/^\d{12}$/.test(a));
  if (badAccount !== undefined) throw bad(`--accounts: ${JSON.stringify(badAccount)} is not a 12-digit account id`);
  const regions = list(opts.regions) ?? config.governedRegions;
  const badRegion = regions.find((r) => !config.governedRegions.includes(r));
  if (badRegion !== undefined) {
    throw bad(
      `--regions: ${JSON.stringify(badRegion)} is not a governed region; choose from ${config.governedRegions.join(', ')}`,
    );
  }
  const services = list(opts.services);
  const known = knownServices();
  const badService = services?.find((s) => !known.includes(s));
  if (badService !== undefined)
    throw bad(`--services: ${JSON.stringify(badService)} is not a supported service; choose from ${known.join(', ')}`);
  const concurrency = Number(opts.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw bad(`--concurrency ${JSON.stringify(opts.concurrency)} must be a whole number from 1 to 64`);
  }
  if (opts.view !== undefined && !/^arn:aws[a-z-]*:resource-explorer-2:[a-z0-9-]+:\d{12}:view\/.+/.test(opts.view)) {
    throw bad(
      `--view ${JSON.stringify(opts.view.slice(0, 80))} is not a Resource Explorer view ARN (arn:aws:resource-explorer-2:REGION:ACCOUNT:view/NAME/ID)`,
    );
  }
  return { accounts, regions, types: reportedTypes(services), concurrency };
}

async function coverage(ctx: CommandContext, opts: CoverageOptions): Promise<void> {
  const config = ctx.config();
  const { json, region: regionFlag } = ctx.globals();
  const parsed = parseOptions(config, opts, json);
  const progress = progressReporter(ctx.output, json || opts.csv);
  const region = callerRegion(regionFlag, config.homeRegion);
  const organizations = awsClients.organizations(region);
  const partition = partitionOf(config.homeRegion);
  const accounts = parsed.accounts ?? (await defaultAccounts(config, organizations, progress));
  // The scan and its SDK clients load only when the command runs, so the rest of the CLI starts without them.
  const { scanCoverage } = await import('../coverage/scan');
  const { COVERAGE_JSON_VERSION, coverageCsv, coverageJson, coverageSummary, renderCoverage } =
    await import('../coverage/report');
  const result = await scanCoverage(await coverageDeps(config, organizations, region, opts.explorerProfile), {
    accounts,
    regions: parsed.regions,
    types: parsed.types,
    ownerTagKey: config.ownerTagKey,
    organizationArn: `arn:${partition}:organizations::${config.managementAccountId}:organization/${config.organizationId}`,
    partition,
    probeRegion: config.homeRegion,
    viewArn: opts.view,
    concurrency: parsed.concurrency,
    progress,
  });
  if (json) printJson(ctx, COVERAGE_JSON_VERSION, coverageJson(result));
  else if (opts.csv) ctx.output.out(coverageCsv(result));
  else ctx.output.out(renderCoverage(result, config.ownerTagKey));
  const summary = coverageSummary(result);
  if (summary.gaps > 0 || summary.setupProblems > 0) {
    throw new CliError(
      `coverage incomplete: ${summary.setupProblems} Resource Explorer setup problem(s), ${summary.gaps} part(s) not covered`,
      COVERAGE_INCOMPLETE_EXIT,
    );
  }
}

/** The enrolled accounts (active, in the target OUs, not excluded) and the management account, which has forwarders too. */
async function defaultAccounts(
  config: TagwardenConfig,
  org: ReturnType<typeof awsClients.organizations>,
  progress: Progress,
) {
  const roots = await listRoots(org);
  const found = await listTargetAccounts(org, await describeTargets(org, config.targetOus, roots), progress);
  const enrolled = found
    .filter((a) => a.state === 'ACTIVE' && !config.excludedAccounts.includes(a.id))
    .map((a) => a.id);
  return [...new Set([config.managementAccountId, ...enrolled])].sort();
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

async function coverageDeps(
  config: TagwardenConfig,
  organizations: CoverageDeps['organizations'],
  region: string,
  profile?: string,
): Promise<CoverageDeps> {
  const { EC2Client } = await import('@aws-sdk/client-ec2');
  const { ResourceExplorer2Client } = await import('@aws-sdk/client-resource-explorer-2');
  const { ResourceGroupsTaggingAPIClient } = await import('@aws-sdk/client-resource-groups-tagging-api');
  // One AssumeRole per account, reused across its regions; STS credentials last 15 minutes, longer than a scan of one account.
  const sessions = new Map<string, Promise<TemporaryCredentials>>();
  const session = (account: string) => {
    if (!sessions.has(account)) {
      sessions.set(
        account,
        assumeTaggerRole(awsClients.sts(region), taggerRoleArn(config, account), sessionName('coverage', localUser())),
      );
    }
    return sessions.get(account)!;
  };
  return {
    organizations,
    explorer: (r) => new ResourceExplorer2Client({ ...RETRY_CONFIG, region: r, ...(profile ? { profile } : {}) }),
    fallbackClients: async (account, r) => {
      const credentials = await session(account);
      return {
        ec2: new EC2Client({ ...RETRY_CONFIG, region: r, credentials }),
        rgta: new ResourceGroupsTaggingAPIClient({ ...RETRY_CONFIG, region: r, credentials }),
      };
    },
  };
}
