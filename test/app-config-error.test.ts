import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

test('a bad config under cdk synth prints its problem list once, with no stack trace, and exits 2', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-app-'));
  const config = path.join(dir, 'bad.yaml');
  writeFileSync(config, 'organizationId: o-x\nhomeRegion: mars-1\n');
  // The CDK CLI hands context to the app in CDK_CONTEXT_JSON; `-c config=PATH` arrives this way.
  const result = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'bin', 'app.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ config }), CDK_OUTDIR: dir },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  expect(result.status).toBe(2);
  expect(result.stderr.match(/Invalid tagwarden config/g)).toHaveLength(1);
  expect(result.stderr).toMatch(/homeRegion: must be an AWS region code such as "us-east-1" \(received: "mars-1"\)/);
  expect(result.stderr).not.toMatch(/^\s+at /m);
});
