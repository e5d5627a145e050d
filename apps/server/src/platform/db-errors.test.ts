import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { dbErrorSummary, isDatabaseUnavailable, isUniqueViolation } from './db-errors.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('database errors', () => {
  it('reads a lost connection as unavailable, whichever wrapper carries it', () => {
    expect(isDatabaseUnavailable(pgError('57P01', 'terminating connection'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('57P03', 'the database system is starting up'))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(pgError('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    const wrapped = new DrizzleQueryError(
      'update "mission_tests" …',
      [],
      new Error('Client has encountered a connection error and is not queryable'),
    );
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('does not read a wrong query or a constraint as unavailable', () => {
    expect(isDatabaseUnavailable(pgError('23505', 'duplicate key'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('42P01', 'relation does not exist'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isUniqueViolation(new DrizzleQueryError('insert', [], pgError('23505')))).toBe(true);
  });

  it('summarises an error as its message and code, dropping what pg attaches', () => {
    const err = Object.assign(pgError('57P01', 'terminating'), { client: { huge: 'x'.repeat(9) } });
    expect(dbErrorSummary(err)).toEqual({ message: 'terminating', code: '57P01' });
    expect(dbErrorSummary('plain')).toEqual({ message: 'plain' });
  });
});
