import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconDoorExit, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useLogout } from '../../api/auth';
import { useCurrentUser } from '../auth/current-user';

/** Two-letter initials of a display name (or of the email when the name is empty). */
export function initials(name: string, email: string): string {
  const words = (name.trim() || email).split(/[\s@._-]+/).filter(Boolean);
  const letters =
    words.length > 1 ? `${words[0]?.[0]}${words[1]?.[0]}` : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** The signed-in user, with links to the account page and to sign out. */
export function UserMenu() {
  const me = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const signOut = (everywhere: boolean) =>
    logout.mutate(everywhere, { onSuccess: () => void navigate('/login', { replace: true }) });

  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton
          data-testid="user-menu"
          // Named by its visible text (initials and name, WCAG 2.5.3); the menu role says the rest.
          px={6}
          py={4}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        >
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="purple" variant="light">
              {initials(me.display_name, me.email)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" maw={180} truncate>
              {me.display_name || me.email}
            </Text>
            <IconChevronDown size={14} stroke={1.6} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
            {me.display_name}
          </Text>
          <Text size="xs" c="dimmed" truncate data-testid="user-menu-email">
            {me.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} />}>
          My account
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() => signOut(false)}
          data-testid="logout"
        >
          Sign out
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconDoorExit size={16} />}
          onClick={() => signOut(true)}
          data-testid="logout-everywhere-menu"
        >
          Sign out everywhere
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
