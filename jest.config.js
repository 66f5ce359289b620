/** Tests run through swc, which strips types without checking them; `npm test` type-checks first. */
module.exports = {
  testEnvironment: 'node',
  // products/: each product's stack test lives beside its stack.
  roots: ['<rootDir>/test', '<rootDir>/products'],
  // What a product stack imports the kit by (the package's own name), here its source.
  moduleNameMapper: { '^landing-zone$': '<rootDir>/src/index.ts' },
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testTimeout: 60000,
};
