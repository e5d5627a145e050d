import type { TestApp } from './harness.js';

export interface Counted<T> {
  result: T;
  /** Statements sent while `fn` ran, BEGIN and COMMIT included. */
  count: number;
  /** Their SQL text, in order (for the failure message). */
  statements: string[];
}

export interface StatementCounter {
  /** Runs `fn` (typically one `app.inject`) and counts the statements sent on its behalf. */
  count<T>(fn: () => Promise<T>): Promise<Counted<T>>;
  stop(): void;
}

/**
 * Counts the SQL statements the app sends per request, through the database's statement
 * observer (the same hook on PGlite and node-postgres). Every statement sent while `fn` runs
 * counts: run one request at a time, in a test app whose jobs do not run on their own
 * (`createTestApp`'s default). Async context cannot attribute them instead: Fastify's inject
 * dispatches from its ready queue, where the caller's context is lost.
 */
export function statementCounter(t: TestApp): StatementCounter {
  let current: string[] | null = null;
  t.database.observeStatements((text) => current?.push(text));
  return {
    async count(fn) {
      if (current) throw new Error('statementCounter: one count at a time');
      const statements: string[] = [];
      current = statements;
      try {
        const result = await fn();
        return { result, count: statements.length, statements };
      } finally {
        current = null;
      }
    },
    stop: () => t.database.observeStatements(undefined),
  };
}

/** The statements of a count, one per line and shortened, for an assertion message. */
export function describeStatements(c: Counted<unknown>): string {
  return c.statements.map((s, i) => `${i + 1}. ${s.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
}
