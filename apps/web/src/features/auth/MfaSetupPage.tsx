import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogout, useMe } from '../../api/auth';
import { queryKeys } from '../../api/keys';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MfaEnrolment } from '../account/mfa/MfaEnrolment';
import { usePageTitle } from '../shell/usePageTitle';
import { AuthLayout, FullPageLoader } from './AuthLayout';
import { safeNext, withNext } from './current-user';

/**
 * The forced two-factor setup (`mfa.required` is on and this account has none): the only
 * page the user sees until it is done.
 */
export function MfaSetupPage() {
  usePageTitle('Set up two-factor authentication');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Keeps the page (and the recovery codes on it) once MFA is on, until the user goes on.
  const [verified, setVerified] = useState(false);

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
  if (me.data.must_change_password)
    return <Navigate to={withNext('/change-password', next)} replace />;
  if (!me.data.mfa_enrollment_required && !verified) return <Navigate to={next} replace />;

  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: queryKeys.me(), exact: true });
    void navigate(next, { replace: true });
  };
  const signOut = () => logout.mutate(false, { onSuccess: () => void navigate('/login') });
  return (
    <AuthLayout testId="mfa-setup-page" width={560}>
      <Stack gap="md">
        <div>
          <Title order={1} fz={22}>
            Set up two-factor authentication
          </Title>
          <Text size="sm" c="dimmed">
            Signed in as <b>{me.data.email}</b>
          </Text>
        </div>
        <Alert color="purple" variant="light" icon={<IconShieldLock size={18} />}>
          Your administrator requires a second factor for every account. Set up an authenticator app
          to continue; signing in will then ask for a code after your password.
        </Alert>
        <MfaEnrolment
          email={me.data.email}
          onVerified={() => setVerified(true)}
          onDone={() => void done()}
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
