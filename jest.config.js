/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // The example host app imports the module by its package name.
    '^nest-chat-module$': '<rootDir>/src/index.ts',
    '^nest-chat-module/client$': '<rootDir>/src/client/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'es6' },
      },
    ],
  },
  // Nest's start-up and migration lines off (test/support/quiet-logs.ts).
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  testTimeout: 15000,
  // Each test file loads the app anew (ESM, vm modules) and the worker's heap
  // only grows: past 1.3 GB by the last file, where its garbage collections
  // slowed the in-process servers. A worker over this size after a file is
  // replaced by a fresh one (and this makes Jest use a worker even for one).
  workerIdleMemoryLimit: '512MB',
};
