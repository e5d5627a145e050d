import { Navigate, useLocation } from 'react-router';
import { consumeSignedOut, useMe } from '../../api/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AppLayout } from '../shell/AppLayout';
import { AuthLayout, FullPageLoader } from './AuthLayout';
import { CurrentUserContext, withNext } from './current-user';

/**
 * Every page but the auth pages needs a signed-in user who has set their own
 * password; anyone else is sent to sign in or to change the password first.
 */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;

  if (me.data === undefined) {
    if (me.isError) {
      return (
        <AuthLayout>
          <ErrorAlert
            error={me.error}
            title="Could not check your session"
            onRetry={() => void me.refetch()}
            retrying={me.isFetching}
          />
        </AuthLayout>
      );
    }
    return <FullPageLoader />;
  }
  if (me.data === null) {
    return <Navigate to={consumeSignedOut() ? '/login' : withNext('/login', here)} replace />;
  }
  if (me.data.must_change_password) {
    return <Navigate to={withNext('/change-password', here)} replace />;
  }
  if (me.data.mfa_enrollment_required) {
    return <Navigate to={withNext('/mfa-setup', here)} replace />;
  }
  return (
    <CurrentUserContext.Provider value={me.data}>
      <AppLayout />
    </CurrentUserContext.Provider>
  );
}
