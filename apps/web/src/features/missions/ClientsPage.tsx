import { QueryFallback } from '../../components/QueryState';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Client } from '@metamorph/contract';
import { IconBuilding, IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useClients, useCreateClient, useDeleteClient, useUpdateClient } from '../../api/clients';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../auth/current-user';
import { usePageTitle } from '../shell/usePageTitle';

/** Clients missions are run for: list, create, rename; admins delete unused ones. */
export function ClientsPage() {
  usePageTitle('Clients');
  const clients = useClients();
  const canDelete = useCan('admin.missions');
  const [editing, setEditing] = useState<Client | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Client | null>(null);
  const remove = useDeleteClient();
  const items = clients.data?.items ?? [];

  return (
    <Stack gap="lg" data-testid="clients-page">
      <PageHeader
        eyebrow="Missions"
        title="Clients"
        description="The organisations missions are run for. A client with missions cannot be deleted."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="clients-new"
          >
            New client
          </Button>
        }
      />
      <Card p={0}>
        {clients.data === undefined ? (
          <QueryFallback query={clients} rows={4} padded />
        ) : items.length === 0 ? (
          <EmptyState icon={IconBuilding} title="No client yet" testId="clients-empty">
            Create one here, or from the mission editor.
          </EmptyState>
        ) : (
          <Table highlightOnHover verticalSpacing={8} data-testid="clients-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th pl="md">Name</Table.Th>
                <Table.Th>Notes</Table.Th>
                <Table.Th ta="right">Missions</Table.Th>
                <Table.Th pr="md" w={90} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} data-testid="client-row" data-name={c.name}>
                  <Table.Td pl="md">
                    <Text size="sm" fw={600}>
                      {c.name}
                    </Text>
                    <Anchor
                      component={Link}
                      to={`/coverage?client=${c.id}`}
                      size="xs"
                      data-testid="client-coverage"
                    >
                      Coverage
                    </Anchor>
                    <Anchor
                      component={Link}
                      to={`/clients/${c.id}/threats`}
                      size="xs"
                      ml="sm"
                      data-testid="client-threats"
                    >
                      Threats
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {c.notes ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" w={100}>
                    <Badge
                      variant="default"
                      radius="sm"
                      component={Link}
                      to={`/missions?client_id=${c.id}`}
                      style={{ cursor: 'pointer' }}
                    >
                      {c.mission_count}
                    </Badge>
                  </Table.Td>
                  <Table.Td pr="md">
                    <Group gap={0} wrap="nowrap" justify="flex-end">
                      <Tooltip label="Rename, notes">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => setEditing(c)}
                          aria-label={`Edit ${c.name}`}
                          data-testid="client-edit"
                        >
                          <IconEdit size={16} />
                        </ActionIcon>
                      </Tooltip>
                      {canDelete && (
                        <Tooltip
                          label={
                            c.mission_count ? 'It has missions: it cannot be deleted' : 'Delete'
                          }
                        >
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            disabled={c.mission_count > 0}
                            onClick={() => setDeleting(c)}
                            aria-label={`Delete ${c.name}`}
                            data-testid="client-delete"
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      {editing && (
        <ClientDialog
          client={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this client?"
        confirmLabel="Delete"
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `Deleted “${deleting.name}”` });
              setDeleting(null);
            },
          })
        }
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">“{deleting?.name}” will be deleted.</Text>
          {remove.isError && <ErrorAlert error={remove.error} />}
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}

function ClientDialog({ client, onClose }: { client: Client | null; onClose: () => void }) {
  const create = useCreateClient();
  const update = useUpdateClient();
  const mutation = client ? update : create;
  const [name, setName] = useState(client?.name ?? '');
  const [notes, setNotes] = useState(client?.notes ?? '');
  const submit = () => {
    const body = { name: name.trim(), notes: notes.trim() || null };
    if (client) update.mutate({ id: client.id, body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={<Text fw={600}>{client ? `Edit ${client.name}` : 'New client'}</Text>}
      centered
    >
      <Stack gap="md" data-testid="client-dialog">
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="client-name"
        />
        <Textarea
          label="Notes"
          autosize
          minRows={3}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={submit}
            disabled={!name.trim()}
            loading={mutation.isPending}
            data-testid="client-save"
          >
            {client ? 'Save' : 'Create'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
