const Module = require('node:module');
const path = require('node:path');

/** The package.json "imports" aliases and the source folders they stand for. */
const SOURCE_ALIASES = {
  '#server/': 'server/src/',
  '#workflows/': 'workflows/',
  '#scripts/': 'scripts/',
  '#bench/': 'bench/',
  '#test/': 'test/',
};

// The global setup and teardown run in this process, outside jest's module registry, so
// `moduleNameMapper` does not reach them and Node would resolve an alias to the build in dist/,
// which a fresh clone has not got. Point them at the sources too (jest transpiles those).
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveSourceAlias(request, ...rest) {
  const alias = Object.keys(SOURCE_ALIASES).find((prefix) => request.startsWith(prefix));
  const target = alias
    ? path.join(__dirname, SOURCE_ALIASES[alias], request.slice(alias.length))
    : request;
  return resolveFilename.call(this, target, ...rest);
};

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
  moduleNameMapper: Object.fromEntries(
    Object.entries(SOURCE_ALIASES).map(([alias, dir]) => [`^${alias}(.*)$`, `<rootDir>/${dir}$1`]),
  ),
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
      setupFiles: ['<rootDir>/test/worker-services.ts'],
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
