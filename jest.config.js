// ESM-only dependencies (feelin, bpmn-moddle and their helpers) are transpiled to CommonJS for jest.
const esmPackages = [
  'feelin',
  'bpmn-moddle',
  'moddle',
  'moddle-xml',
  'min-dash',
  'saxen',
  'lezer-feel',
  '@lezer',
  'ids',
  'temporal-polyfill',
  'temporal-utils',
];
const transform = {
  '^.+\\.(t|j|mj)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
const common = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
  // The package.json "imports" aliases, resolved to the sources rather than the build output.
  moduleNameMapper: {
    '^#server/(.*)$': '<rootDir>/server/src/$1',
    '^#workflows/(.*)$': '<rootDir>/workflows/$1',
    '^#scripts/(.*)$': '<rootDir>/scripts/$1',
    '^#test/(.*)$': '<rootDir>/test/$1',
  },
};
module.exports = {
  // Booting the app and waiting on real Temporal timers take seconds, not milliseconds. A global
  // option: Jest ignores it inside a project.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.it.test.ts', '<rootDir>/**/*.e2e.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
