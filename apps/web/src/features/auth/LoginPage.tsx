import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
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

export function LoginPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mfaNeeded, setMfaNeeded] = useState(false);
  const lockedFor = useCountdown(login.error);

  if (me.data === undefined && me.isPending) return <FullPageLoader />;
  if (me.data && !login.isPending) {
    return (
      <Navigate
        to={me.data.must_change_password ? withNext('/change-password', next) : next}
        replace
      />
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMfaNeeded(false);
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (response) => {
          setPassword('');
          if (response.status === 'mfa_required') setMfaNeeded(true);
          else if (response.status === 'password_change_required')
            void navigate(withNext('/change-password', next), { replace: true });
          else void navigate(next, { replace: true });
        },
      },
    );
  };

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
          {mfaNeeded && (
            <Alert color="yellow" variant="light" title="Second factor required">
              This account uses a second factor, which this version of the web app cannot ask for
              yet.
            </Alert>
          )}
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
        </Stack>
      </form>
    </AuthLayout>
  );
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
