import {
  CloudFormationClient,
  ListStackInstancesCommand,
  StackInstanceSummary,
  StackSetNotFoundException,
} from '@aws-sdk/client-cloudformation';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetEventSelectorsCommandOutput,
  GetTrailStatusCommand,
  Trail,
} from '@aws-sdk/client-cloudtrail';
import {
  Account,
  DescribeOrganizationalUnitCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationalUnit,
  OrganizationsClient,
  Root,
} from '@aws-sdk/client-organizations';
import { AwsClientStub } from 'aws-sdk-client-mock';

/*
 * In-memory stand-ins for the Organizations, CloudFormation and CloudTrail APIs the enrollment check reads,
 * installed on aws-sdk-client-mock stubs. They paginate like the real APIs (NextToken), so callers that stop
 * after the first page see partial data.
 */

function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; NextToken?: string } {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
}

export class FakeOrg {
  readonly root: Root = {
    Id: 'r-test',
    Name: 'Root',
    PolicyTypes: [
      { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
      { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' },
    ],
  };
  readonly servicePrincipals = ['member.org.stacksets.cloudformation.amazonaws.com', 'cloudtrail.amazonaws.com'];
  /** Delegated administrators by service principal. */
  readonly delegatedAdmins: Record<string, { Id: string; Name: string }[]> = {};
  private readonly accounts = new Map<string, Account[]>();
  private readonly ous = new Map<string, OrganizationalUnit[]>();
  private readonly ouNames = new Map<string, string>();

  addOu(parent: string, id: string, name: string): this {
    this.ous.set(parent, [
      ...(this.ous.get(parent) ?? []),
      { Id: id, Name: name, Arn: `arn:aws:organizations::111111111111:ou/o-testorg1234/${id}` },
    ]);
    this.ouNames.set(id, name);
    return this;
  }

  addAccount(parent: string, id: string, name: string, state = 'ACTIVE'): this {
    this.accounts.set(parent, [
      ...(this.accounts.get(parent) ?? []),
      { Id: id, Name: name, State: state as Account['State'] },
    ]);
    return this;
  }

  install(mock: AwsClientStub<OrganizationsClient>, pageSize = 20): void {
    mock.on(ListRootsCommand).resolves({ Roots: [this.root] });
    mock.on(DescribeOrganizationalUnitCommand).callsFake((input) => ({
      OrganizationalUnit: {
        Id: input.OrganizationalUnitId,
        Name: this.ouNames.get(input.OrganizationalUnitId) ?? 'unknown',
      },
    }));
    mock.on(ListAccountsForParentCommand).callsFake((input) => {
      const p = page(this.accounts.get(input.ParentId) ?? [], input.NextToken, pageSize);
      return { Accounts: p.items, NextToken: p.NextToken };
    });
    mock.on(ListOrganizationalUnitsForParentCommand).callsFake((input) => {
      const p = page(this.ous.get(input.ParentId) ?? [], input.NextToken, pageSize);
      return { OrganizationalUnits: p.items, NextToken: p.NextToken };
    });
    mock.on(ListAWSServiceAccessForOrganizationCommand).callsFake((input) => {
      const p = page(
        this.servicePrincipals.map((s) => ({ ServicePrincipal: s })),
        input.NextToken,
        1,
      );
      return { EnabledServicePrincipals: p.items, NextToken: p.NextToken };
    });
    mock.on(ListDelegatedAdministratorsCommand).callsFake((input) => {
      const p = page(this.delegatedAdmins[input.ServicePrincipal ?? ''] ?? [], input.NextToken, 1);
      return { DelegatedAdministrators: p.items, NextToken: p.NextToken };
    });
  }
}

/** A stack instance summary as ListStackInstances returns it. */
export function instance(
  stackSet: string,
  account: string,
  region: string,
  status = 'CURRENT',
  detailed = 'SUCCEEDED',
  reason?: string,
): StackInstanceSummary {
  return {
    StackSetId: `${stackSet}:0000`,
    Account: account,
    Region: region,
    Status: status as StackInstanceSummary['Status'],
    StackInstanceStatus: {
      DetailedStatus: detailed as NonNullable<StackInstanceSummary['StackInstanceStatus']>['DetailedStatus'],
    },
    ...(reason ? { StatusReason: reason } : {}),
  };
}

/** Serves ListStackInstances from `byStackSet`; a StackSet not in it does not exist. */
export function installStackInstances(
  mock: AwsClientStub<CloudFormationClient>,
  byStackSet: Record<string, StackInstanceSummary[]>,
  pageSize = 100,
): void {
  mock.on(ListStackInstancesCommand).callsFake((input) => {
    const all = byStackSet[input.StackSetName];
    if (!all)
      throw new StackSetNotFoundException({ message: `StackSet ${input.StackSetName} not found`, $metadata: {} });
    const p = page(all, input.NextToken, Math.min(pageSize, input.MaxResults ?? 100));
    return { Summaries: p.items, NextToken: p.NextToken };
  });
}

export interface FakeTrail {
  trail: Trail;
  logging: boolean;
  selectors: Pick<GetEventSelectorsCommandOutput, 'EventSelectors' | 'AdvancedEventSelectors'>;
}

/** An organization trail that logs every management event in every region. */
export function goodTrail(overrides: Partial<Trail> = {}): FakeTrail {
  return {
    trail: {
      Name: 'org-trail',
      TrailARN: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail',
      HomeRegion: 'us-east-1',
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      ...overrides,
    },
    logging: true,
    selectors: { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] },
  };
}

/** DescribeTrails answers per region: multi-region trails everywhere, single-region trails in their home region. */
export function installTrails(mock: AwsClientStub<CloudTrailClient>, trails: FakeTrail[]): void {
  mock.on(DescribeTrailsCommand).callsFake(async (_input, getClient) => {
    const region = await getClient().config.region();
    return {
      trailList: trails.filter((t) => t.trail.IsMultiRegionTrail || t.trail.HomeRegion === region).map((t) => t.trail),
    };
  });
  const byArn = (arn: string) => trails.find((t) => t.trail.TrailARN === arn)!;
  mock.on(GetTrailStatusCommand).callsFake((input) => ({ IsLogging: byArn(input.Name).logging }));
  mock
    .on(GetEventSelectorsCommand)
    .callsFake((input) => ({ TrailARN: input.TrailName, ...byArn(input.TrailName).selectors }));
}
