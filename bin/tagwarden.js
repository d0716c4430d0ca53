#!/usr/bin/env node
// Runs the TypeScript CLI straight from a checkout: `npx tagwarden ...` after `npm ci`.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
require("./cli.ts");
