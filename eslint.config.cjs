// ESLint: typescript-eslint's type-checked recommendations, and the layer rules of the architecture.
// CommonJS, so that the layer test can load it into ESLint's Node API inside jest.
const { defineConfig } = require('eslint/config');
const js = require('@eslint/js');
const { createNodeResolver, importX } = require('eslint-plugin-import-x');
const tseslint = require('typescript-eslint');

/**
 * The layers, as import-x zones: a file under `target` may not import anything under `from`. Paths are resolved,
 * so a relative import is caught however many `../` it takes. test/layers/eslint-layers.test.ts proves each zone fires.
 */
const layerZones = [
  {
    target: './lambda/core',
    from: ['./lambda/aws', './lambda/engine', './lambda/tagger', './lambda/session-recorder'],
    message: 'lambda/core is the pure domain at the bottom: it imports no adapter, engine or handler.',
  },
  {
    target: './lambda',
    from: './lib',
    message: 'Nothing in lambda/ imports lib/: the functions are bundled without the CDK app and the CLI.',
  },
  {
    target: ['./lib/!(cli)/**', './lib/*.ts'],
    from: './lib/cli',
    message: 'Domain modules never import lib/cli: the CLI sits on top of them.',
  },
  {
    target: './lambda/engine',
    from: './lambda/aws',
    message: 'The engine depends on its ports, never on the adapters that implement them.',
  },
];

module.exports = defineConfig(
  {
    ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'dist/', 'test/fixtures/'],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    files: ['lambda/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', 'aws-sdk', 'aws-sdk/*'],
              message: 'lambda/core is pure: AWS SDK clients belong to the adapters in lambda/aws.',
            },
          ],
        },
      ],
    },
  },
  {
    // Destructuring a field away to drop it (`const { ttl: _ttl, ...record } = item`) is how tsc's noUnusedLocals
    // wants it done; tsc already reports every other unused variable.
    rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    // The adapters load each SDK client package on first use with require(), so a cold start pays only for the
    // clients its container calls; import() would make those getters asynchronous. The tests check that laziness
    // through the module cache.
    files: ['lambda/aws/**/*.ts', 'test/aws/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The CLI loads a command's module only when that command runs (each brings its AWS SDK clients); require()
    // keeps building the program synchronous. test/cli/lazy-commands.test.ts checks what --help loads.
    files: ['lib/cli/lazy-commands.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // In-memory stand-ins for the engine's asynchronous ports (session store, IAM tag reader, tag applier, AWS
    // clients) keep the port's async signature with a body that has nothing to await; `async` also turns a throw into
    // a rejection, as the real adapter's would.
    files: ['lib/explain/**/*.ts', 'lib/cli/explain.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Tests take apart untyped JSON: synthesized templates (Template.findResources returns any), CLI --json output,
    // and CloudTrail records that they reshape into hostile events. `any` is the honest type there, and each
    // assertion checks the shape at run time. Source code gets no such allowance.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // CommonJS scripts outside the TypeScript project (the CLI launcher, jest's config, this config).
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
