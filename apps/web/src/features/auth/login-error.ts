import { ErrorCode } from '@metamorph/contract';
import { ApiError } from '../../api/errors';
import { formatDuration } from '../../lib/format';

export interface LoginProblem {
  kind: 'credentials' | 'locked' | 'disabled' | 'invalid' | 'other';
  title: string;
  message: string;
  /** Seconds until another attempt is allowed (lockout). */
  retryAfterS: number | null;
}

function retryAfter(error: ApiError): number | null {
  const value = error.body.context?.retry_after_s;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
}

/** What the sign-in page says about a failed attempt; null when it is not a known case. */
export function describeLoginError(error: unknown): LoginProblem | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === ErrorCode.RateLimited || error.status === 429) {
    const seconds = retryAfter(error);
    return {
      kind: 'locked',
      title: 'Sign-in temporarily locked',
      message:
        'Too many failed attempts. For your protection, sign-in is paused' +
        (seconds ? ` for ${formatDuration(seconds)}.` : '. Try again later.'),
      retryAfterS: seconds,
    };
  }
  if (error.code === ErrorCode.AccountDisabled) {
    return {
      kind: 'disabled',
      title: 'Account disabled',
      message: 'This account has been disabled. Ask a Metamorph administrator to enable it.',
      retryAfterS: null,
    };
  }
  if (error.code === ErrorCode.Unauthenticated || error.status === 401) {
    return {
      kind: 'credentials',
      title: 'Wrong email or password',
      message: 'Check both and try again. Repeated failures lock sign-in for a while.',
      retryAfterS: null,
    };
  }
  if (error.code === ErrorCode.ValidationFailed) {
    return {
      kind: 'invalid',
      title: 'Check the form',
      message: (error.errors ?? []).map((e) => `${fieldName(e.path)} ${e.message}`).join('; '),
      retryAfterS: null,
    };
  }
  return null;
}

/** "body.new_password" → "new password". */
export function fieldName(path: string): string {
  return path.replace(/^body\./, '').replace(/_/g, ' ');
}
