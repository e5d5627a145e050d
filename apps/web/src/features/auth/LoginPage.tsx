import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { LoginResponse, Me } from '@metamorph/contract';
import { IconAlertTriangle, IconClockPause, IconLogin, IconUserOff } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogin, useMe } from '../../api/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDuration } from '../../lib/format';
import { usePageTitle } from '../shell/usePageTitle';
import { AuthLayout, FullPageLoader } from './AuthLayout';
import { safeNext, withNext } from './current-user';
import { describeLoginError, type LoginProblem } from './login-error';
import { MfaStep } from './MfaStep';
import { SsoButton } from './SsoButton';

export function LoginPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  /**
   * Set once the first step was right and a second factor is due: the email signing in
   * ('' when another sign-in, e.g. SSO, sent the browser here with `?step=mfa`).
   */
  const [mfaFor, setMfaFor] = useState<string | null>(() =>
    params.get('step') === 'mfa' ? '' : null,
  );
  const lockedFor = useCountdown(login.error);

  if (me.data === undefined && me.isPending) return <FullPageLoader />;
  if (me.data && !login.isPending) return <Navigate to={destination(me.data, next)} replace />;

  const signedIn = (response: LoginResponse) => {
    if (response.user) void navigate(destination(response.user, next), { replace: true });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (response) => {
          setPassword('');
          if (response.status === 'mfa_required') setMfaFor(email.trim());
          else signedIn(response);
        },
      },
    );
  };

  if (mfaFor !== null) {
    return (
      <AuthLayout testId="login-page">
        <MfaStep
          email={mfaFor}
          onSignedIn={signedIn}
          onRestart={() => {
            login.reset();
            setMfaFor(null);
          }}
        />
      </AuthLayout>
    );
  }

  const problem = login.isError ? describeLoginError(login.error) : null;
  const locked = lockedFor > 0;
  return (
    <AuthLayout testId="login-page">
      <form onSubmit={submit} noValidate aria-labelledby="login-title">
        <Stack gap="md">
          <div>
            <Title order={1} fz={22} id="login-title">
              Sign in
            </Title>
            <Text size="sm" c="dimmed">
              Use the account your Metamorph administrator gave you.
            </Text>
          </div>
          {problem && <LoginAlert problem={problem} lockedFor={lockedFor} />}
          {login.isError && !problem && <ErrorAlert error={login.error} />}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={problem?.kind === 'invalid' ? true : undefined}
            data-testid="login-email"
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="login-password"
          />
          <Button
            type="submit"
            fullWidth
            mt="xs"
            loading={login.isPending}
            disabled={locked || email.trim() === '' || password === ''}
            leftSection={<IconLogin size={18} />}
            data-testid="login-submit"
          >
            {locked ? `Locked · ${formatDuration(lockedFor)}` : 'Sign in'}
          </Button>
          <SsoButton next={next} />
        </Stack>
      </form>
    </AuthLayout>
  );
}

/** Where a signed-in user goes: the forced password change, then forced MFA setup, then `next`. */
function destination(me: Me, next: string): string {
  if (me.must_change_password) return withNext('/change-password', next);
  if (me.mfa_enrollment_required) return withNext('/mfa-setup', next);
  return next;
}

const ICONS = { locked: IconClockPause, disabled: IconUserOff };

function LoginAlert({ problem, lockedFor }: { problem: LoginProblem; lockedFor: number }) {
  const Icon =
    problem.kind === 'locked' || problem.kind === 'disabled' ? ICONS[problem.kind] : null;
  const message =
    problem.kind === 'locked' && lockedFor > 0
      ? `Too many failed attempts. For your protection, sign-in is paused; try again in ${formatDuration(lockedFor)}.`
      : problem.message;
  return (
    <Alert
      color={problem.kind === 'locked' ? 'orange' : 'red'}
      variant="light"
      icon={Icon ? <Icon size={18} /> : <IconAlertTriangle size={18} />}
      title={problem.title}
      data-testid="login-error"
      data-kind={problem.kind}
      role="alert"
    >
      {message}
    </Alert>
  );
}

/** Seconds left of a lockout announced by `error`, ticking down to 0. */
function useCountdown(error: unknown): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    const seconds = describeLoginError(error)?.retryAfterS ?? 0;
    const deadline = Date.now() + seconds * 1000;
    const tick = () => setLeft(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
    tick();
    if (seconds <= 0) return undefined;
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [error]);
  return left;
}
