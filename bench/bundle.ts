import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { SETTINGS_ENV } from '../lambda/core/settings';
import { runtimeSettings } from '../test/support/engine';
import { round } from './calls';

/*
 * Each function bundled as lib/constructs/tagwarden-function.ts has NodejsFunction bundle it (esbuild: bundle,
 * minify, tree-shake, target node24, CommonJS, the AWS SDK v3 external because the Node.js 24 runtime ships it),
 * then loaded in fresh Node processes. The SDK is resolved from node_modules at load time, as the runtime
 * resolves its own copy, so the load time includes the SDK clients the function imports. For reference, the
 * same entry is also bundled with the SDK inside.
 */

const ROOT = path.resolve(__dirname, '..');
export const FUNCTIONS = { tagger: 'lambda/tagger/index.ts', 'session-recorder': 'lambda/session-recorder/index.ts' };

export interface BundleReport {
  name: string;
  /** Minified bundle as deployed (SDK external), bytes. */
  bytes: number;
  /** Median time to require the bundle (and the SDK clients it imports) in a fresh process, ms. */
  loadMs: number;
  loadRuns: number[];
  /** Bytes of the deployed bundle by origin: each npm package by name, and this repository's own code as `tagwarden`. */
  composition: Record<string, number>;
  /** The same entry with the SDK bundled in, bytes: what the function would weigh without the runtime's SDK. */
  bytesWithSdk: number;
  loadWithSdkMs: number;
}

export function measureBundles(runs = 7): BundleReport[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'tagwarden-bench-'));
  try {
    return Object.entries(FUNCTIONS).map(([name, entry]) => {
      const { outfile: deployed, composition } = build(entry, path.join(dir, name, 'index.js'), true);
      const { outfile: full } = build(entry, path.join(dir, `${name}-full`, 'index.js'), false);
      const loadRuns = Array.from({ length: runs }, () => loadTime(deployed));
      const fullRuns = Array.from({ length: runs }, () => loadTime(full));
      return {
        name,
        bytes: statSync(deployed).size,
        composition,
        loadMs: median(loadRuns),
        loadRuns,
        bytesWithSdk: statSync(full).size,
        loadWithSdkMs: median(fullRuns),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function build(
  entry: string,
  outfile: string,
  sdkExternal: boolean,
): { outfile: string; composition: Record<string, number> } {
  const { metafile } = buildSync({
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    minify: true,
    treeShaking: true,
    sourcemap: true,
    sourcesContent: false,
    external: sdkExternal ? ['@aws-sdk/*'] : [],
    logLevel: 'silent',
    metafile: true,
  });
  return { outfile, composition: compositionOf(Object.values(metafile.outputs).find((o) => o.entryPoint)!.inputs) };
}

/** Output bytes per npm package (the innermost node_modules folder names it), the rest counted as `tagwarden`. */
function compositionOf(inputs: Record<string, { bytesInOutput: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'tagwarden';
    out[pkg] = (out[pkg] ?? 0) + bytesInOutput;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

/** The environment the stack gives the functions (the recorder reads its settings when it loads). */
const FUNCTION_ENV = {
  AWS_REGION: 'eu-west-1',
  DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/222222222222/dlq',
  [SETTINGS_ENV]: JSON.stringify(runtimeSettings()),
};

/** ms to require the bundle, measured inside a fresh Node process (process start-up excluded). */
function loadTime(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  try {
    const out = execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, ...FUNCTION_ENV, NODE_PATH: path.join(ROOT, 'node_modules') },
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return round(Number(out), 1);
  } catch (e) {
    throw new Error(`loading ${file} failed: ${String((e as { stderr?: string }).stderr ?? e).slice(-600)}`, {
      cause: e,
    });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
