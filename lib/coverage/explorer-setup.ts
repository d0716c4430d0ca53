import { OrganizationsClient, paginateListDelegatedAdministrators } from '@aws-sdk/client-organizations';
import {
  GetDefaultViewCommand,
  GetViewCommand,
  paginateListIndexes,
  ResourceExplorer2Client,
} from '@aws-sdk/client-resource-explorer-2';

export const RESOURCE_EXPLORER_SERVICE_PRINCIPAL = 'resource-explorer-2.amazonaws.com';

/** Where the setup steps are documented; every fix below points here. */
const SETUP_DOC = 'https://docs.aws.amazon.com/resource-explorer/latest/userguide/manage-service-multi-account.html';

export interface SetupProblem {
  id: 'aggregator-index' | 'view' | 'view-scope' | 'view-filter' | 'delegated-admin';
  message: string;
  fix: string[];
}

/** What coverage needs to search the whole organization at once: the aggregator region and an org-wide view. */
export interface ExplorerSetup {
  region?: string;
  viewArn?: string;
  problems: SetupProblem[];
}

export interface SetupInput {
  /** Resource Explorer client factory, with the credentials of the account that owns the org view. */
  explorer: (region: string) => ResourceExplorer2Client;
  organizations: OrganizationsClient;
  organizationArn: string;
  /** Where to look for indexes before the aggregator region is known. */
  probeRegion: string;
  /** `--view`: a view other than the aggregator region's default. */
  viewArn?: string;
}

/**
 * Checks the three things an organization-wide search needs (Resource Explorer user guide, multi-account search):
 * a delegated administrator for Resource Explorer, an aggregator index (the one region that holds every region's
 * resources), and a view in that region whose scope is the organization and that filters nothing out.
 */
export async function checkExplorerSetup(input: SetupInput): Promise<ExplorerSetup> {
  const problems: SetupProblem[] = [];
  if (!(await hasDelegatedAdmin(input.organizations))) {
    problems.push({
      id: 'delegated-admin',
      message: 'no delegated administrator is registered for Resource Explorer, so no view can span the organization',
      fix: [
        `aws organizations enable-aws-service-access --service-principal ${RESOURCE_EXPLORER_SERVICE_PRINCIPAL}`,
        `aws organizations register-delegated-administrator --service-principal ${RESOURCE_EXPLORER_SERVICE_PRINCIPAL} --account-id ACCOUNT`,
        `then run coverage with --explorer-profile for that account (see ${SETUP_DOC})`,
      ],
    });
  }
  const region = await aggregatorRegion(input.explorer(input.probeRegion));
  if (!region) {
    problems.push({
      id: 'aggregator-index',
      message: 'the account has no aggregator index, so a search sees only one region',
      fix: [`aws resource-explorer-2 update-index-type --arn LOCAL_INDEX_ARN --type AGGREGATOR --region REGION   # ${SETUP_DOC}`],
    });
    return { problems };
  }
  const client = input.explorer(region);
  const viewArn = input.viewArn ?? (await client.send(new GetDefaultViewCommand({}))).ViewArn;
  if (!viewArn) {
    problems.push({
      id: 'view',
      message: `no --view was given and ${region} (the aggregator region) has no default view`,
      fix: [
        `aws resource-explorer-2 create-view --view-name tagwarden-coverage --scope ${input.organizationArn} ` +
          `--included-properties Name=tags --region ${region}`,
        'then pass its ARN with --view, or make it the default view with associate-default-view',
      ],
    });
    return { region, problems };
  }
  const { View: view } = await client.send(new GetViewCommand({ ViewArn: viewArn }));
  if (view?.Scope !== input.organizationArn) {
    problems.push({
      id: 'view-scope',
      message: `view ${viewArn} has scope ${view?.Scope ?? 'unknown'}, not the organization ${input.organizationArn}`,
      fix: [`create a view with --scope ${input.organizationArn} in the delegated administrator account (${SETUP_DOC})`],
    });
  }
  if (view?.Filters?.FilterString) {
    problems.push({
      id: 'view-filter',
      message: `view ${viewArn} filters resources ("${view.Filters.FilterString}"), so coverage would miss what it hides`,
      fix: ['pass --view with a view that has no filter'],
    });
  }
  return { region, viewArn, problems };
}

async function hasDelegatedAdmin(org: OrganizationsClient): Promise<boolean> {
  const pages = paginateListDelegatedAdministrators({ client: org }, { ServicePrincipal: RESOURCE_EXPLORER_SERVICE_PRINCIPAL });
  for await (const page of pages) if ((page.DelegatedAdministrators ?? []).length > 0) return true;
  return false;
}

async function aggregatorRegion(client: ResourceExplorer2Client): Promise<string | undefined> {
  for await (const page of paginateListIndexes({ client }, { Type: 'AGGREGATOR' })) {
    const index = (page.Indexes ?? []).find((i) => i.Region);
    if (index) return index.Region;
  }
  return undefined;
}
