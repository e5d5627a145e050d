import { ActionIcon, Avatar, Badge, Group, Menu, Table, Text, Tooltip } from '@mantine/core';
import type { User } from '@metamorph/contract';
import {
  IconDots,
  IconKey,
  IconPencil,
  IconShieldCheck,
  IconShieldOff,
  IconUserCheck,
  IconUserOff,
} from '@tabler/icons-react';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useCurrentUser } from '../../auth/current-user';
import { initials } from '../../shell/UserMenu';
import type { UserAction } from './UserActionDialogs';

interface UsersTableProps {
  users: User[];
  onEdit: (user: User) => void;
  onAction: (action: UserAction) => void;
}

function StatusBadge({ user }: { user: User }) {
  if (user.disabled)
    return (
      <Badge color="red" variant="light" data-testid="user-status">
        Disabled
      </Badge>
    );
  if (user.must_change_password)
    return (
      <Tooltip label="Must choose a new password at next sign-in">
        <Badge color="yellow" variant="light" data-testid="user-status">
          Must change password
        </Badge>
      </Tooltip>
    );
  return (
    <Badge color="teal" variant="light" data-testid="user-status">
      Active
    </Badge>
  );
}

function MfaBadge({ user }: { user: User }) {
  if (!user.mfa_enabled) return null;
  return (
    <Tooltip label="Signs in with a second factor (authenticator app)">
      <Badge
        color="purple"
        variant="outline"
        leftSection={<IconShieldCheck size={12} />}
        data-testid="user-mfa"
      >
        2FA
      </Badge>
    </Tooltip>
  );
}

export function UsersTable({ users, onEdit, onAction }: UsersTableProps) {
  const me = useCurrentUser();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th pl="md">User</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr
              key={user.id}
              data-testid="user-row"
              data-email={user.email}
              opacity={user.disabled ? 0.6 : 1}
            >
              <Table.Td pl="md">
                <Group gap="sm" wrap="nowrap">
                  <Avatar size={32} radius="xl" color={user.disabled ? 'gray' : 'purple'}>
                    {initials(user.display_name, user.email)}
                  </Avatar>
                  <div>
                    <Text size="sm" fw={500}>
                      {user.display_name}
                      {user.id === me.id && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          (you)
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {user.email}
                    </Text>
                  </div>
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {user.roles.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No role
                    </Text>
                  ) : (
                    user.roles.map((r) => (
                      <Badge key={r.id} variant="light" size="sm" tt="none">
                        {r.name}
                      </Badge>
                    ))
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <StatusBadge user={user} />
                  <MfaBadge user={user} />
                </Group>
              </Table.Td>
              <Table.Td fz="sm">
                <Tooltip label={formatDateTime(user.last_login_at)} disabled={!user.last_login_at}>
                  <span>{formatRelative(user.last_login_at)}</span>
                </Tooltip>
              </Table.Td>
              <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(user.created_at)}
              </Table.Td>
              <Table.Td ta="right" pr="md">
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Actions for ${user.email}`}
                      data-testid="user-actions"
                    >
                      <IconDots size={18} />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onEdit(user)}>
                      Edit
                    </Menu.Item>
                    <Menu.Item
                      leftSection={<IconKey size={16} />}
                      onClick={() => onAction({ kind: 'reset', user })}
                    >
                      Reset password
                    </Menu.Item>
                    {user.mfa_enabled && (
                      <Menu.Item
                        leftSection={<IconShieldOff size={16} />}
                        disabled={user.id === me.id}
                        onClick={() => onAction({ kind: 'reset_mfa', user })}
                        data-testid="user-reset-mfa"
                      >
                        Reset two-factor
                      </Menu.Item>
                    )}
                    <Menu.Divider />
                    {user.disabled ? (
                      <Menu.Item
                        leftSection={<IconUserCheck size={16} />}
                        onClick={() => onAction({ kind: 'enable', user })}
                      >
                        Enable
                      </Menu.Item>
                    ) : (
                      <Menu.Item
                        color="red"
                        leftSection={<IconUserOff size={16} />}
                        disabled={user.id === me.id}
                        onClick={() => onAction({ kind: 'disable', user })}
                      >
                        Disable
                      </Menu.Item>
                    )}
                  </Menu.Dropdown>
                </Menu>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
