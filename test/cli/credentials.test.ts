import { registerListTags } from '../../lib/cli/list-tags';
import { runTagwarden, writeTestConfig } from '../support/cli';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

it('says how to provide AWS credentials when there are none, in one line', async () => {
  // A real STS client with an empty credential chain: no env keys, no profile files, no instance metadata.
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
  process.env.AWS_CONFIG_FILE = '/nonexistent/config';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  const run = await runTagwarden(
    ['--config', writeTestConfig(), 'list', '--account', '333333333333', '--role', 'app'],
    [registerListTags],
  );
  expect(run.code).toBe(1);
  expect(run.err).toBe(
    'tagwarden: no AWS credentials found: pass --profile NAME, or configure credentials as for the AWS CLI\n',
  );
});
