/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Tests assert behaviour, never speed: on a busy or small CI machine the end-to-end stream takes longer than
  // jest's 5 s default, and a test cut off mid-stream leaves work behind that breaks the next ones.
  testTimeout: 60_000,
  // Both cores: jest's default leaves one for itself, which on a 2-core CI machine means one test file at a time.
  maxWorkers: '100%',
};
