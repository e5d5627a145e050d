import { QueryFallback } from '../../components/QueryState';
import {
  ActionIcon,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Mission, MissionMember, MissionRole } from '@metamorph/contract';
import { IconTrash, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useMembers, useSetMember, useMemberCandidates } from '../../api/missions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCurrentUser } from '../auth/current-user';
import { RoleBadge } from './MissionBits';
import { ROLE_META } from './mission-model';

const ROLE_OPTIONS = Object.entries(ROLE_META).map(([value, m]) => ({
  value,
  label: `${m.label}: ${m.hint.toLowerCase()}`,
}));
const ROLE_SHORT = Object.entries(ROLE_META).map(([value, m]) => ({ value, label: m.label }));

/** Members and their mission roles; leads add, change and remove them. */
export function MissionMembersTab({ mission }: { mission: Mission }) {
  const members = useMembers(mission.id);
  const setMember = useSetMember(mission.id);
  const me = useCurrentUser();
  const [removing, setRemoving] = useState<MissionMember | null>(null);
  const items = members.data?.items ?? [];

  return (
    <Stack gap="lg" data-testid="mission-members">
      {mission.can_manage && (
        <AddMember missionId={mission.id} known={items.map((m) => m.user_id)} />
      )}
      {setMember.isError && !removing && <ErrorAlert error={setMember.error} />}
      <Card p={0}>
        {members.data === undefined ? (
          <QueryFallback query={members} rows={3} padded />
        ) : items.length === 0 ? (
          <EmptyState icon={IconUsers} title="No member" />
        ) : (
          <Table verticalSpacing={8} data-testid="members-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th pl="md">Member</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th pr="md" w={60} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr
                  key={m.user_id}
                  data-testid="member-row"
                  data-email={m.email}
                  data-role={m.role}
                >
                  <Table.Td pl="md">
                    <Text size="sm" fw={600}>
                      {m.display_name}
                      {m.user_id === me.id && (
                        <Text span size="xs" c="dimmed" fw={400}>
                          {' '}
                          (you)
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.email}
                    </Text>
                  </Table.Td>
                  <Table.Td w={220}>
                    {mission.can_manage ? (
                      <Select
                        size="xs"
                        data={ROLE_SHORT}
                        value={m.role}
                        allowDeselect={false}
                        aria-label={`Role of ${m.email}`}
                        onChange={(v) =>
                          v && setMember.mutate({ userId: m.user_id, role: v as MissionRole })
                        }
                        w={140}
                        data-testid="member-role"
                      />
                    ) : (
                      <RoleBadge role={m.role} />
                    )}
                  </Table.Td>
                  <Table.Td pr="md">
                    {mission.can_manage && (
                      <Tooltip label="Remove from the mission">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => setRemoving(m)}
                          aria-label={`Remove ${m.email}`}
                          data-testid="member-remove"
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <ConfirmDialog
        opened={removing !== null}
        title="Remove this member?"
        confirmLabel="Remove"
        loading={setMember.isPending}
        onConfirm={() =>
          removing &&
          setMember.mutate(
            { userId: removing.user_id, role: null },
            { onSuccess: () => setRemoving(null) },
          )
        }
        onClose={() => {
          setRemoving(null);
          setMember.reset();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            {removing?.display_name} ({removing?.email}) loses access to this mission.
          </Text>
          {setMember.isError && <ErrorAlert error={setMember.error} />}
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}

/** Pick an active user who is not a member yet (by email or name), and a role. */
function AddMember({ missionId, known }: { missionId: string; known: string[] }) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const users = useMemberCandidates(missionId, debounced);
  const add = useSetMember(missionId);
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<MissionRole>('red');
  const options = (users.data?.items ?? [])
    .filter((u) => !known.includes(u.id))
    .map((u) => ({ value: u.id, label: `${u.display_name} <${u.email}>` }));

  const submit = () =>
    userId &&
    add.mutate(
      { userId: userId.trim(), role, adding: true },
      {
        onSuccess: () => {
          setUserId(null);
          setQ('');
        },
      },
    );

  return (
    <Card data-testid="member-add">
      <Stack gap="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Add a member"
            placeholder="Search by email or name"
            data={options}
            value={userId}
            onChange={setUserId}
            searchable
            searchValue={q}
            onSearchChange={setQ}
            filter={({ options: o }) => o}
            nothingFoundMessage={users.isFetching ? 'Searching…' : 'No user found'}
            style={{ flex: '1 1 300px' }}
            data-testid="member-user"
          />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            value={role}
            onChange={(v) => v && setRole(v as MissionRole)}
            allowDeselect={false}
            w={{ base: '100%', xs: 320 }}
            data-testid="member-add-role"
          />
          <Button
            leftSection={<IconUserPlus size={16} />}
            onClick={submit}
            disabled={!userId}
            loading={add.isPending}
            data-testid="member-add-submit"
          >
            Add
          </Button>
        </Group>
        {add.isError && <ErrorAlert error={add.error} />}
      </Stack>
    </Card>
  );
}
