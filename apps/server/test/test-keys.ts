/** The secrets-at-rest key of test apps and test server processes (64 hex characters). */
export const TEST_SECRET_KEY = '7e57'.repeat(16);
