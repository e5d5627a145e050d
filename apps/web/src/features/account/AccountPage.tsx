import { Badge, Card, DataList, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/current-user';
import { PasswordChangeForm } from '../auth/PasswordChangeForm';
import { usePageTitle } from '../shell/usePageTitle';
import { TwoFactorCard } from './mfa/TwoFactorCard';
import { SessionsCard } from './SessionsCard';
import { TokensCard } from './TokensCard';

/** The signed-in user's own profile, password, API tokens and sessions. */
export function AccountPage() {
  usePageTitle('My account');
  return (
    <Stack gap="xl" data-testid="account-page">
      <PageHeader
        eyebrow="Account"
        title="My account"
        description="Your profile, password, two-factor authentication, API tokens and where you are signed in."
      />
      <Group align="stretch" gap="xl" grow wrap="wrap">
        <ProfileCard />
        <PasswordCard />
      </Group>
      <TwoFactorCard />
      <TokensCard />
      <SessionsCard />
    </Stack>
  );
}

function ProfileCard() {
  const me = useCurrentUser();
  return (
    <Card data-testid="profile-card" miw={300}>
      <Title order={2} fz="lg" mb="md">
        Profile
      </Title>
      <DataList labelWidth={110} withDivider>
        <Item label="Name">{me.display_name}</Item>
        <Item label="Email">
          <span data-testid="profile-email">{me.email}</span>
        </Item>
        <Item label="Roles">
          <Group gap={6}>
            {me.roles.length === 0 && <Text c="dimmed">No role</Text>}
            {me.roles.map((role) => (
              <Badge key={role.id} variant="light" tt="none">
                {role.name}
              </Badge>
            ))}
          </Group>
        </Item>
        <Item label="Permissions">
          <Group gap={4} data-testid="profile-permissions">
            {me.permissions.length === 0 && <Text c="dimmed">None</Text>}
            {me.permissions.map((p) => (
              <Badge key={p} variant="outline" color="gray" tt="none" ff="monospace" fw={500}>
                {p}
              </Badge>
            ))}
          </Group>
        </Item>
        <Item label="Session">
          {me.auth.session_expires_at
            ? `Expires ${formatDateTime(me.auth.session_expires_at)}`
            : 'Signed in with an API token'}
        </Item>
      </DataList>
    </Card>
  );
}

function PasswordCard() {
  const me = useCurrentUser();
  return (
    <Card data-testid="password-card" miw={300}>
      <Title order={2} fz="lg">
        Password
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Changing it signs you out of every other session.
      </Text>
      <PasswordChangeForm
        email={me.email}
        minLength={me.password_policy.min_length}
        onChanged={() =>
          notifications.show({
            color: 'teal',
            title: 'Password changed',
            message: 'Your other sessions have been signed out.',
          })
        }
      />
    </Card>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel c="dimmed">{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}
