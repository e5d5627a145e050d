import { createBrowserRouter } from 'react-router';
import { AccountPage } from './features/account/AccountPage';
import { AttackSyncPage } from './features/admin/attack/AttackSyncPage';
import { AuditPage } from './features/admin/audit/AuditPage';
import { RolesPage } from './features/admin/roles/RolesPage';
import { DetectionLevelsPage } from './features/admin/settings/DetectionLevelsPage';
import { SettingsPage } from './features/admin/settings/SettingsPage';
import { UsersPage } from './features/admin/users/UsersPage';
import { GroupPage } from './features/attack/groups/GroupPage';
import { GroupsPage } from './features/attack/groups/GroupsPage';
import { MatrixPage } from './features/attack/matrix/MatrixPage';
import { ReleasesPage } from './features/attack/releases/ReleasesPage';
import { TechniquePage } from './features/attack/technique/TechniquePage';
import { ChangePasswordPage } from './features/auth/ChangePasswordPage';
import { LoginPage } from './features/auth/LoginPage';
import { MfaSetupPage } from './features/auth/MfaSetupPage';
import { RequireAuth } from './features/auth/RequireAuth';
import { RequirePermission } from './features/auth/RequirePermission';
import { ExecutionPage } from './features/execution/ExecutionPage';
import { LibraryPage } from './features/library/LibraryPage';
import { ComparePage } from './features/findings/ComparePage';
import { ClientsPage } from './features/missions/ClientsPage';
import { MissionEditor } from './features/missions/MissionEditor';
import { MissionPage } from './features/missions/MissionPage';
import { MissionsPage } from './features/missions/MissionsPage';
import { FromGroupWizard } from './features/library/scenarios/FromGroupWizard';
import { ScenarioEditor } from './features/library/scenarios/ScenarioEditor';
import { ScenarioPage } from './features/library/scenarios/ScenarioPage';
import { ScenariosPage } from './features/library/scenarios/ScenariosPage';
import { TestTemplateEditor } from './features/library/TestTemplateEditor';
import { TestTemplatePage } from './features/library/TestTemplatePage';
import { OverviewPage } from './features/overview/OverviewPage';
import { CoveragePage } from './features/results/CoveragePage';
import { ThreatProfilePage } from './features/threats/ThreatProfilePage';
import { ThreatProfilesPage } from './features/threats/ThreatProfilesPage';
import { ThreatsIndexPage } from './features/threats/ThreatsIndexPage';
import { NotFoundPage } from './features/shell/NotFoundPage';
import { RouteErrorPage } from './features/shell/RouteErrorPage';
import type { RouteHandle } from './features/shell/route-handle';

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
  { path: '/mfa-setup', element: <MfaSetupPage />, errorElement: <RouteErrorPage standalone /> },
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
            path: 'attack',
            element: <MatrixPage />,
            handle: { fullWidth: true } satisfies RouteHandle,
          },
          { path: 'attack/techniques/:id', element: <TechniquePage /> },
          { path: 'attack/groups', element: <GroupsPage /> },
          { path: 'attack/groups/:id', element: <GroupPage /> },
          { path: 'attack/releases', element: <ReleasesPage /> },
          {
            path: 'library',
            element: (
              <RequirePermission permission="library.read">
                <LibraryPage />
              </RequirePermission>
            ),
            handle: { fullWidth: true } satisfies RouteHandle,
          },
          {
            path: 'library/tests/new',
            element: (
              <RequirePermission permission="library.write">
                <TestTemplateEditor />
              </RequirePermission>
            ),
          },
          {
            path: 'library/tests/:id',
            element: (
              <RequirePermission permission="library.read">
                <TestTemplatePage />
              </RequirePermission>
            ),
          },
          {
            path: 'library/tests/:id/edit',
            element: (
              <RequirePermission permission="library.write">
                <TestTemplateEditor />
              </RequirePermission>
            ),
          },
          {
            path: 'library/scenarios',
            element: (
              <RequirePermission permission="library.read">
                <ScenariosPage />
              </RequirePermission>
            ),
          },
          {
            path: 'library/scenarios/new',
            element: (
              <RequirePermission permission="library.write">
                <ScenarioEditor />
              </RequirePermission>
            ),
          },
          {
            path: 'library/scenarios/from-group',
            element: (
              <RequirePermission permission="library.write">
                <FromGroupWizard />
              </RequirePermission>
            ),
          },
          {
            path: 'library/scenarios/:id',
            element: (
              <RequirePermission permission="library.read">
                <ScenarioPage />
              </RequirePermission>
            ),
          },
          {
            path: 'library/scenarios/:id/edit',
            element: (
              <RequirePermission permission="library.write">
                <ScenarioEditor />
              </RequirePermission>
            ),
          },
          { path: 'missions', element: <MissionsPage /> },
          {
            path: 'missions/new',
            element: (
              <RequirePermission permission="mission.create">
                <MissionEditor />
              </RequirePermission>
            ),
          },
          { path: 'missions/:id', element: <MissionPage /> },
          { path: 'missions/:id/edit', element: <MissionEditor /> },
          { path: 'missions/:id/compare/:otherId', element: <ComparePage /> },
          {
            path: 'missions/:id/tests/:testId',
            element: <ExecutionPage />,
            handle: { fullWidth: true } satisfies RouteHandle,
          },
          {
            path: 'coverage',
            element: <CoveragePage />,
            handle: { fullWidth: true } satisfies RouteHandle,
          },
          { path: 'threats', element: <ThreatsIndexPage /> },
          { path: 'clients/:id/threats', element: <ThreatProfilesPage /> },
          {
            path: 'clients/:id/threats/:profileId',
            element: <ThreatProfilePage />,
            handle: { fullWidth: true } satisfies RouteHandle,
          },
          {
            path: 'clients',
            element: (
              <RequirePermission permission="mission.create">
                <ClientsPage />
              </RequirePermission>
            ),
          },
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
            path: 'admin/detection-levels',
            element: (
              <RequirePermission permission="admin.settings">
                <DetectionLevelsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/attack',
            element: (
              <RequirePermission permission="attack.sync">
                <AttackSyncPage />
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
