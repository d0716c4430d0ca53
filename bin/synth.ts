import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { checkSynthArgs, refreshCommittedPolicies } from '../lib/policies/synth-export';

/*
 * `npm run synth`: cdk synth of every stack (with cdk-nag), then the committed example policies. The config comes
 * from TAGWARDEN_CONFIG only; arguments are refused before anything runs.
 */
const refused = checkSynthArgs(process.argv.slice(2));
if (refused) {
  process.stderr.write(`synth: ${refused}\n`);
  process.exit(2);
}
const cdk = spawnSync('npx', ['cdk', 'synth', '--quiet'], { stdio: 'inherit' });
if (cdk.status !== 0) process.exit(cdk.status ?? 1);
const { message } = refreshCommittedPolicies(process.env, path.join(__dirname, '..', 'policies'));
process.stderr.write(`synth: ${message}\n`);
