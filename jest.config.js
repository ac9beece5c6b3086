// Jest runs TypeScript through SWC; which folders are searched depends on TEST_TYPE so that
// `npm test` can run the fast unit suites first and the database-backed ones after.
const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const byType = {
  unit: ["<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s", "<rootDir>/scripts/**/__tests__/**/*.unit.spec.[jt]s"],
  "integration:modules": ["<rootDir>/src/modules/*/__tests__/**/*.int.spec.[jt]s"],
  "integration:http": ["<rootDir>/integration-tests/http/**/*.spec.[jt]s"],
  "integration:browser": ["<rootDir>/integration-tests/browser/**/*.spec.[jt]s"],
  // The restore drill (integration-tests/dr): mostly waiting on WAL archiving, light on CPU.
  "integration:dr": ["<rootDir>/integration-tests/dr/**/*.spec.[jt]s"],
}

module.exports = {
  transform: {
    "^.+\\.[jt]s$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true }, target: "es2021" } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/storefront/", "<rootDir>/.data/"],
  setupFiles: ["<rootDir>/integration-tests/setup.js"],
  testMatch: process.env.TEST_TYPE ? byType[process.env.TEST_TYPE] : Object.values(byType).flat(),
  testTimeout: 120000,
}
