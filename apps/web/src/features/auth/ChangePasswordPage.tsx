import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogout, useMe } from '../../api/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePageTitle } from '../shell/usePageTitle';
import { AuthLayout, FullPageLoader } from './AuthLayout';
import { safeNext, withNext } from './current-user';
import { PasswordChangeForm } from './PasswordChangeForm';

/** The forced password change: the only page a user sees until the password is theirs. */
export function ChangePasswordPage() {
  usePageTitle('Change your password');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();

  if (me.data === undefined) {
    if (me.isError) {
      return (
        <AuthLayout>
          <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
        </AuthLayout>
      );
    }
    return <FullPageLoader />;
  }
  if (me.data === null) return <Navigate to={withNext('/login', next)} replace />;
  if (!me.data.must_change_password) return <Navigate to={next} replace />;

  const signOut = () => logout.mutate(false, { onSuccess: () => void navigate('/login') });
  return (
    <AuthLayout testId="change-password-page">
      <Stack gap="md">
        <div>
          <Title order={1} fz={22}>
            Choose a new password
          </Title>
          <Text size="sm" c="dimmed">
            Signed in as <b data-testid="change-password-email">{me.data.email}</b>
          </Text>
        </div>
        <Alert color="purple" variant="light" icon={<IconShieldLock size={18} />}>
          Your current password was generated for you, by an administrator or at installation.
          Replace it with one only you know before continuing.
        </Alert>
        <PasswordChangeForm
          email={me.data.email}
          minLength={me.data.password_policy.min_length}
          submitLabel="Set password and continue"
          onChanged={() => void navigate(next, { replace: true })}
        />
        <Group justify="center">
          <Anchor component="button" type="button" size="sm" c="dimmed" onClick={signOut}>
            Sign out instead
          </Anchor>
        </Group>
      </Stack>
    </AuthLayout>
  );
}
