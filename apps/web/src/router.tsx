import { createBrowserRouter } from 'react-router';
import { AccountPage } from './features/account/AccountPage';
import { AuditPage } from './features/admin/audit/AuditPage';
import { RolesPage } from './features/admin/roles/RolesPage';
import { SettingsPage } from './features/admin/settings/SettingsPage';
import { UsersPage } from './features/admin/users/UsersPage';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage';
import { LoginPage } from './features/auth/LoginPage';
import { RequireAuth } from './features/auth/RequireAuth';
import { RequirePermission } from './features/auth/RequirePermission';
import { OverviewPage } from './features/overview/OverviewPage';
import { NotFoundPage } from './features/shell/NotFoundPage';
import { RouteErrorPage } from './features/shell/RouteErrorPage';

/**
 * Route table. The sign-in and forced password change pages stand alone; every
 * other page sits behind the auth guard, which renders the shell. Its pathless
 * child catches page errors so a failing page never takes the navigation with
 * it. The outer error element only shows when the shell itself fails.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage standalone /> },
  {
    path: '/change-password',
    element: <ChangePasswordPage />,
    errorElement: <RouteErrorPage standalone />,
  },
  {
    element: <RequireAuth />,
    errorElement: <RouteErrorPage standalone />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <OverviewPage /> },
          { path: 'account', element: <AccountPage /> },
          {
            path: 'admin/users',
            element: (
              <RequirePermission permission="admin.users">
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/roles',
            element: (
              <RequirePermission permission="admin.roles">
                <RolesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/settings',
            element: (
              <RequirePermission permission="admin.settings">
                <SettingsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/audit',
            element: (
              <RequirePermission permission="audit.read">
                <AuditPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
