import { QueryFallback } from '../../../components/QueryState';
import { Button, Card, Group, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { User } from '@metamorph/contract';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useUsers } from '../../../api/users';
import { EmptyState } from '../../../components/EmptyState';
import { PageHeader } from '../../../components/PageHeader';
import { usePageTitle } from '../../shell/usePageTitle';
import { CreateUserDialog } from './CreateUserDialog';
import { EditUserDialog } from './EditUserDialog';
import { UserActionDialogs, type UserAction } from './UserActionDialogs';
import { UsersTable } from './UsersTable';

type StatusFilter = 'all' | 'active' | 'disabled';

export function UsersPage() {
  usePageTitle('Users');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [q] = useDebouncedValue(search.trim(), 250);
  const users = useUsers({
    q: q || undefined,
    disabled: status === 'all' ? undefined : status === 'disabled' ? 'true' : 'false',
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [action, setAction] = useState<UserAction | null>(null);
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="xl" data-testid="users-page">
      <PageHeader
        eyebrow="Administration"
        title="Users"
        description="Accounts that can sign in to Metamorph, their roles, and their status. New accounts get a one-time password and must choose their own at first sign-in."
        actions={
          <Button
            leftSection={<IconUserPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid="create-user"
          >
            New user
          </Button>
        }
      />
      <Card p={0}>
        <Group p="md" gap="md" justify="space-between">
          <TextInput
            placeholder="Search by name or email"
            aria-label="Search users"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 320 }}
            data-testid="user-search"
          />
          <SegmentedControl
            aria-label="Status"
            value={status}
            onChange={(v) => setStatus(v as StatusFilter)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'active', label: 'Active' },
              { value: 'disabled', label: 'Disabled' },
            ]}
          />
        </Group>
        {users.data === undefined ? (
          <QueryFallback query={users} rows={4} padded />
        ) : items.length === 0 ? (
          <EmptyState icon={IconUsers} title="No users match" testId="users-empty">
            {q || status !== 'all' ? 'Try another search or status.' : 'Create the first user.'}
          </EmptyState>
        ) : (
          <>
            <UsersTable users={items} onEdit={setEditing} onAction={setAction} />
            {users.hasNextPage && (
              <Group justify="center" p="md">
                <Button
                  variant="default"
                  onClick={() => void users.fetchNextPage()}
                  loading={users.isFetchingNextPage}
                  data-testid="users-load-more"
                >
                  Load more
                </Button>
              </Group>
            )}
          </>
        )}
      </Card>
      <CreateUserDialog opened={creating} onClose={() => setCreating(false)} />
      <EditUserDialog user={editing} onClose={() => setEditing(null)} />
      <UserActionDialogs action={action} onClose={() => setAction(null)} />
    </Stack>
  );
}
