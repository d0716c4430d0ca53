import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  PolicyType,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * An in-memory organization behind a mocked Organizations client: every call is recorded by the mock, and the
 * state it changes is what the next run reads. Pages hold one item, so every list call is paginated.
 */
export interface FakePolicy {
  Id: string;
  Name: string;
  Type: PolicyType;
  Description: string;
  Content: string;
  AwsManaged: boolean;
  Tags: { Key: string; Value: string }[];
}

export interface FakeOrg {
  rootId: string;
  enabledTypes: PolicyType[];
  policies: FakePolicy[];
  /** Policy ids attached to each target. */
  attachments: Record<string, string[]>;
}

export const FULL_AWS_ACCESS: FakePolicy = {
  Id: 'p-FullAWSAccess',
  Name: 'FullAWSAccess',
  Type: 'SERVICE_CONTROL_POLICY',
  Description: 'Allows access to every operation',
  Content: '{}',
  AwsManaged: true,
  Tags: [],
};
export const RCP_FULL_AWS_ACCESS: FakePolicy = {
  Id: 'p-RCPFullAWSAccess',
  Name: 'RCPFullAWSAccess',
  Type: 'RESOURCE_CONTROL_POLICY',
  Description: 'Allows access to every resource',
  Content: '{}',
  AwsManaged: true,
  Tags: [],
};

/** One item per page: the token is the index of the next item. */
function page<T>(items: T[], token?: string): { items: T[]; NextToken?: string } {
  const at = token ? Number(token) : 0;
  return { items: items.slice(at, at + 1), NextToken: at + 1 < items.length ? String(at + 1) : undefined };
}

export function fakeOrganizations(org: FakeOrg) {
  const mock = mockClient(OrganizationsClient);
  const summary = (p: FakePolicy) => ({
    Id: p.Id,
    Name: p.Name,
    Type: p.Type,
    Description: p.Description,
    AwsManaged: p.AwsManaged,
    Arn: `arn:aws:organizations::111111111111:policy/${p.Id}`,
  });
  const byId = (id?: string) => {
    const p = org.policies.find((x) => x.Id === id);
    if (!p) throw new Error(`PolicyNotFoundException: ${id}`);
    return p;
  };
  let next = 1;
  mock.on(ListRootsCommand).callsFake(() => ({
    Roots: [
      { Id: org.rootId, Name: 'Root', PolicyTypes: org.enabledTypes.map((Type) => ({ Type, Status: 'ENABLED' })) },
    ],
  }));
  mock.on(ListPoliciesCommand).callsFake((input) => {
    const r = page(
      org.policies.filter((p) => p.Type === input.Filter),
      input.NextToken,
    );
    return { Policies: r.items.map(summary), NextToken: r.NextToken };
  });
  mock.on(ListTagsForResourceCommand).callsFake((input) => {
    const r = page(byId(input.ResourceId).Tags, input.NextToken);
    return { Tags: r.items, NextToken: r.NextToken };
  });
  mock.on(DescribePolicyCommand).callsFake((input) => {
    const p = byId(input.PolicyId);
    return { Policy: { PolicySummary: summary(p), Content: p.Content } };
  });
  mock.on(ListPoliciesForTargetCommand).callsFake((input) => {
    const attached = (org.attachments[input.TargetId!] ?? []).map(byId).filter((p) => p.Type === input.Filter);
    const r = page(attached, input.NextToken);
    return { Policies: r.items.map(summary), NextToken: r.NextToken };
  });
  mock.on(CreatePolicyCommand).callsFake((input) => {
    const p: FakePolicy = {
      Id: `p-new${next++}`,
      Name: input.Name!,
      Type: input.Type!,
      Description: input.Description!,
      Content: input.Content!,
      AwsManaged: false,
      Tags: (input.Tags ?? []) as FakePolicy['Tags'],
    };
    org.policies.push(p);
    return { Policy: { PolicySummary: summary(p), Content: p.Content } };
  });
  mock.on(ListTargetsForPolicyCommand).callsFake((input) => {
    const targets = Object.keys(org.attachments).filter((t) => org.attachments[t].includes(byId(input.PolicyId).Id));
    const r = page(targets, input.NextToken);
    return { Targets: r.items.map((TargetId) => ({ TargetId })), NextToken: r.NextToken };
  });
  mock.on(DeletePolicyCommand).callsFake((input) => {
    const p = byId(input.PolicyId);
    // Organizations refuses to delete a policy that is still attached somewhere.
    if (Object.values(org.attachments).some((ids) => ids.includes(p.Id)))
      throw new Error(`PolicyInUseException: ${p.Id}`);
    org.policies.splice(org.policies.indexOf(p), 1);
    return {};
  });
  mock.on(UpdatePolicyCommand).callsFake((input) => {
    const p = byId(input.PolicyId);
    if (input.Name) p.Name = input.Name;
    if (input.Content) p.Content = input.Content;
    if (input.Description) p.Description = input.Description;
    return { Policy: { PolicySummary: summary(p), Content: p.Content } };
  });
  mock.on(AttachPolicyCommand).callsFake((input) => {
    (org.attachments[input.TargetId!] ??= []).push(byId(input.PolicyId).Id);
    return {};
  });
  mock.on(DetachPolicyCommand).callsFake((input) => {
    org.attachments[input.TargetId!] = (org.attachments[input.TargetId!] ?? []).filter((id) => id !== input.PolicyId);
    return {};
  });
  return mock;
}
