/**
 * Packages that ship ES modules only (jose 6): Node ≥ 20.19 require()s them as they are, but jest's module system
 * cannot, so swc turns them into CommonJS like the project's own TypeScript.
 */
const ESM_ONLY_PACKAGES = ['jose'];

/** @type {import('jest').Config} */
const project = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/tests'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
    [`/node_modules/(${ESM_ONLY_PACKAGES.join('|')})/.+\\.js$`]: ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
};

/**
 * Two projects: `main` (everything but the browser suites; tests/faults runs after it, alone) and `browser`
 * (headless Chromium over a real stack; run last by scripts/testBrowser.ts, which also checks for the browser).
 */
module.exports = {
  projects: [
    { ...project, displayName: 'main', testMatch: ['<rootDir>/tests/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '/tests/browser/'] },
    { ...project, displayName: 'browser', testMatch: ['<rootDir>/tests/browser/**/*.test.ts'] },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
  // The suites that share a worker's seeded regions (tests/helpers/sharedStack.ts) run first, back to back.
  testSequencer: require('node:path').join(__dirname, 'tests/helpers/sequencer.js'),
};
