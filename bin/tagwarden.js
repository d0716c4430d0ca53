#!/usr/bin/env node
// The CLI's entry: the compiled JavaScript in dist/ (built by `npm ci` through the prepare script, or `npm run build`).
// In a checkout whose TypeScript is newer than that build, it runs the sources instead, so an edit is never ignored.
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const compiled = path.join(root, 'dist', 'bin', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** In an installed package there are no .ts files, so the build is always used. */
function sourcesNewer() {
  const dirs = ['bin', 'lib', 'lambda'].map((d) => path.join(root, d)).filter((d) => existsSync(d));
  return Math.max(0, ...dirs.map(newestSource)) > statSync(compiled).mtimeMs;
}

if (existsSync(compiled) && !sourcesNewer()) {
  require(compiled);
} else {
  require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
  require(path.join(root, 'bin', 'cli.ts'));
}
