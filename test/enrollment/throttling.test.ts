import { Server } from 'node:http';
import { awsClients, RETRY_CONFIG } from '../../lib/common/aws-clients';
import { listTargetAccounts } from '../../lib/enrollment/org-accounts';
import { listStackInstances } from '../../lib/enrollment/stack-instances';
import { json, startEndpoint, xml } from '../support/aws-endpoint';

/*
 * Throttling is handled by the SDK's retry configuration, not by tagwarden code. These tests run real clients
 * against a local endpoint that throttles, and check that the listings still come back complete.
 */

const saved = { ...process.env };
let servers: Server[] = [];

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  delete process.env.AWS_PROFILE;
});

afterEach(() => {
  process.env = { ...saved };
  servers.forEach((s) => s.close());
  servers = [];
});

it('configures every client with adaptive retries', async () => {
  for (const client of [
    awsClients.organizations('us-east-1'),
    awsClients.cloudFormation('eu-west-1'),
    awsClients.cloudTrail('eu-west-1'),
    awsClients.sts('eu-west-1'),
  ]) {
    expect(await client.config.maxAttempts()).toBe(RETRY_CONFIG.maxAttempts);
    expect(client.config.retryMode).toBe('adaptive');
    expect(((await client.config.retryStrategy()) as { mode?: string }).mode).toBe('adaptive');
  }
});

it('lists every account when Organizations throttles a page', async () => {
  let accountPages = 0;
  const endpoint = await startEndpoint((operation, body) => {
    if (operation === 'ListOrganizationalUnitsForParent') return json(200, { OrganizationalUnits: [] });
    accountPages++;
    if (accountPages === 2) return json(400, { __type: 'TooManyRequestsException', Message: 'Rate exceeded' });
    const next = JSON.parse(body).NextToken;
    return next
      ? json(200, { Accounts: [{ Id: '444444444444', Name: 'b', State: 'ACTIVE' }] })
      : json(200, { Accounts: [{ Id: '333333333333', Name: 'a', State: 'ACTIVE' }], NextToken: 'page-2' });
  });
  servers.push(endpoint.server);
  process.env.AWS_ENDPOINT_URL_ORGANIZATIONS = endpoint.url;
  const accounts = await listTargetAccounts(awsClients.organizations('us-east-1'), [
    { id: 'ou-root-workloads', name: 'Workloads' },
  ]);
  expect(accounts.map((a) => a.id)).toEqual(['333333333333', '444444444444']);
  expect(endpoint.calls).toEqual([
    'ListAccountsForParent',
    'ListAccountsForParent',
    'ListAccountsForParent',
    'ListOrganizationalUnitsForParent',
  ]);
});

it('lists every stack instance when CloudFormation throttles', async () => {
  let calls = 0;
  const member = (account: string) =>
    `<member><Account>${account}</Account><Region>eu-west-1</Region><Status>CURRENT</Status><StackInstanceStatus><DetailedStatus>SUCCEEDED</DetailedStatus></StackInstanceStatus></member>`;
  const endpoint = await startEndpoint((_operation, body) => {
    calls++;
    if (calls === 1) {
      return xml(
        400,
        '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
      );
    }
    const params = new URLSearchParams(body);
    expect(params.get('CallAs')).toBe('SELF');
    const summaries = params.get('NextToken') ? member('444444444444') : member('333333333333');
    const next = params.get('NextToken') ? '' : '<NextToken>t2</NextToken>';
    return xml(
      200,
      `<ListStackInstancesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ListStackInstancesResult><Summaries>${summaries}</Summaries>${next}</ListStackInstancesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListStackInstancesResponse>`,
    );
  });
  servers.push(endpoint.server);
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = endpoint.url;
  const instances = await listStackInstances(awsClients.cloudFormation('eu-west-1'), 'tagwarden-tagger-role');
  expect(instances?.map((i) => [i.Account, i.Status, i.StackInstanceStatus?.DetailedStatus])).toEqual([
    ['333333333333', 'CURRENT', 'SUCCEEDED'],
    ['444444444444', 'CURRENT', 'SUCCEEDED'],
  ]);
  expect(endpoint.calls).toEqual(['ListStackInstances', 'ListStackInstances', 'ListStackInstances']);
});
