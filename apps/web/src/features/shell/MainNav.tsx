import { AppShell, Box, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { Link, useMatch } from 'react-router';
import { isUnreachable } from '../../api/errors';
import { useHealth } from '../../api/system';
import { useCurrentUser } from '../auth/current-user';
import { visibleNav } from './nav-items';
import type { NavItem } from './nav-items';

interface MainNavProps {
  /** Called after a link is followed (closes the drawer on small screens). */
  onNavigate?: () => void;
}

export function MainNav({ onNavigate }: MainNavProps) {
  const { permissions } = useCurrentUser();
  return (
    <>
      <AppShell.Section grow component={ScrollArea}>
        {visibleNav(permissions).map((group) => (
          <Box key={group.label} mb="md" data-testid={`nav-group-${group.label.toLowerCase()}`}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={6} lts={0.6}>
              {group.label}
            </Text>
            {group.items.map((item) => (
              <NavEntry key={item.to} item={item} onNavigate={onNavigate} />
            ))}
          </Box>
        ))}
      </AppShell.Section>
      <AppShell.Section>
        <ServerIndicator />
      </AppShell.Section>
    </>
  );
}

function NavEntry({ item, onNavigate }: { item: NavItem; onNavigate?: (() => void) | undefined }) {
  const match = useMatch({ path: item.to, end: item.end ?? false });
  const Icon = item.icon;
  return (
    <NavLink
      component={Link}
      to={item.to}
      label={item.label}
      leftSection={<Icon size={18} stroke={1.6} />}
      active={match !== null}
      aria-current={match ? 'page' : undefined}
      onClick={onNavigate}
      variant="light"
      fw={500}
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    />
  );
}

/** A quiet footer line: which server version the UI talks to, and whether it answers. */
function ServerIndicator() {
  const health = useHealth();
  const color = health.isError ? 'red' : health.isSuccess ? 'teal' : 'gray';
  const label = health.isError
    ? isUnreachable(health.error)
      ? 'Server unreachable'
      : 'Server error'
    : health.isSuccess
      ? `Server v${health.data.version}`
      : 'Connecting…';
  return (
    <Group gap={8} px="sm" py="xs" data-testid="server-indicator" wrap="nowrap">
      <Box
        w={8}
        h={8}
        bg={`var(--mantine-color-${color}-6)`}
        style={{ borderRadius: '50%', flex: 'none' }}
        aria-hidden
      />
      <Text size="xs" c="dimmed" truncate>
        {label}
      </Text>
    </Group>
  );
}
