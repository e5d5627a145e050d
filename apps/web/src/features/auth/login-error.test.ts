import type { ErrorCode } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { describeLoginError } from './login-error';

function apiError(status: number, code: ErrorCode, context?: Record<string, unknown>) {
  return new ApiError(
    status,
    { type: 'about:blank', title: 't', status, code, detail: 'd', requestId: 'r', context },
    true,
  );
}

describe('describeLoginError', () => {
  it('explains a lockout with the retry time', () => {
    const problem = describeLoginError(apiError(429, 'rate_limited', { retry_after_s: 754.2 }));
    expect(problem?.kind).toBe('locked');
    expect(problem?.retryAfterS).toBe(755);
    expect(problem?.message).toContain('12 min 35 s');
  });

  it('recognises wrong credentials and disabled accounts', () => {
    expect(describeLoginError(apiError(401, 'unauthenticated'))?.kind).toBe('credentials');
    expect(describeLoginError(apiError(403, 'account_disabled'))?.kind).toBe('disabled');
  });

  it('leaves other errors to the generic alert', () => {
    expect(describeLoginError(apiError(500, 'internal_error'))).toBeNull();
    expect(describeLoginError(new Error('x'))).toBeNull();
  });
});
