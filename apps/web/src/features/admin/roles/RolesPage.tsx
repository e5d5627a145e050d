import { QueryFallback } from '../../../components/QueryState';
import { ActionIcon, Badge, Button, Card, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Role } from '@metamorph/contract';
import { IconLock, IconPencil, IconPlus, IconTrash, IconUserShield } from '@tabler/icons-react';
import { useState } from 'react';
import { useDeleteRole, useRoles } from '../../../api/roles';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { PERMISSIONS } from '@metamorph/contract';
import { usePageTitle } from '../../shell/usePageTitle';
import { RoleDialog } from './RoleDialog';

export function RolesPage() {
  usePageTitle('Roles');
  const roles = useRoles();
  const remove = useDeleteRole();
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const items = roles.data?.items ?? [];

  return (
    <Stack gap="xl" data-testid="roles-page">
      <PageHeader
        eyebrow="Administration"
        title="Roles"
        description="A role is a named set of permissions. Users hold one or more roles; what they may do is the union. Built-in roles can be edited but not deleted, and Admin always keeps every permission."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="create-role"
          >
            New role
          </Button>
        }
      />
      <Card p={0}>
        {roles.data === undefined ? (
          <QueryFallback query={roles} rows={5} padded />
        ) : items.length === 0 ? (
          <EmptyState icon={IconUserShield} title="No roles" />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="roles-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th pl="md">Role</Table.Th>
                  <Table.Th>Permissions</Table.Th>
                  <Table.Th ta="right">Users</Table.Th>
                  <Table.Th aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((role) => (
                  <Table.Tr key={role.id} data-testid="role-row" data-role={role.name}>
                    <Table.Td pl="md" maw={340}>
                      <Group gap={8}>
                        <Text size="sm" fw={600}>
                          {role.name}
                        </Text>
                        {role.builtin ? (
                          <Badge
                            size="xs"
                            variant="outline"
                            color="gray"
                            leftSection={<IconLock size={10} />}
                          >
                            Built-in
                          </Badge>
                        ) : (
                          <Badge size="xs" variant="light" color="blue">
                            Custom
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {role.description || 'No description'}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={420}>
                      <PermissionSummary role={role} />
                    </Table.Td>
                    <Table.Td ta="right" fz="sm">
                      {role.user_count}
                    </Table.Td>
                    <Table.Td ta="right" pr="md">
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label="Edit">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            onClick={() => setEditing(role)}
                            aria-label={`Edit role ${role.name}`}
                            data-testid="edit-role"
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip
                          label={role.builtin ? 'Built-in roles cannot be deleted' : 'Delete'}
                        >
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            disabled={role.builtin}
                            onClick={() => setDeleting(role)}
                            aria-label={`Delete role ${role.name}`}
                            data-testid="delete-role"
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <RoleDialog role={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this role?"
        confirmLabel="Delete role"
        loading={remove.isPending}
        onConfirm={() =>
          deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })
        }
        onClose={() => setDeleting(null)}
      >
        <Text size="sm">
          <b>{deleting?.name}</b> is removed from{' '}
          {deleting?.user_count === 1 ? '1 user' : `${deleting?.user_count ?? 0} users`}, who lose
          the permissions it granted.
        </Text>
      </ConfirmDialog>
    </Stack>
  );
}

function PermissionSummary({ role }: { role: Role }) {
  if (role.permissions.length === PERMISSIONS.length)
    return (
      <Badge color="purple" variant="light">
        All {PERMISSIONS.length} permissions
      </Badge>
    );
  if (role.permissions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No permissions
      </Text>
    );
  return (
    <Group gap={4}>
      {role.permissions.map((p) => (
        <Badge key={p} size="sm" variant="outline" color="gray" tt="none" fw={500}>
          {p}
        </Badge>
      ))}
    </Group>
  );
}
