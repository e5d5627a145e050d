import { ActionIcon, Button, Group, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useClients, useCreateClient } from '../../api/clients';
import { ErrorAlert } from '../../components/ErrorAlert';

interface ClientSelectProps {
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string | undefined;
}

/** Pick a client, or create one in place ("New client"). */
export function ClientSelect({ value, onChange, error }: ClientSelectProps) {
  const clients = useClients();
  const create = useCreateClient();
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const data = (clients.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));

  const submit = () => {
    if (!name.trim()) return;
    create.mutate(
      { name: name.trim(), notes: null },
      {
        onSuccess: (c) => {
          onChange(c.id);
          setAdding(false);
          setName('');
        },
      },
    );
  };

  if (adding)
    return (
      <Stack gap="xs">
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label="New client"
            placeholder="Client name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                submit();
              }
            }}
            style={{ flex: 1 }}
            data-autofocus
            data-testid="client-new-name"
          />
          <Button onClick={submit} loading={create.isPending} data-testid="client-new-save">
            Create client
          </Button>
          <Tooltip label="Cancel">
            <ActionIcon
              variant="subtle"
              color="gray"
              size={36}
              onClick={() => setAdding(false)}
              aria-label="Cancel the new client"
            >
              <IconX size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        {create.isError && <ErrorAlert error={create.error} />}
      </Stack>
    );

  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        label="Client"
        required
        placeholder={clients.isPending ? 'Loading…' : 'Pick a client'}
        data={data}
        value={value}
        onChange={onChange}
        searchable
        nothingFoundMessage="No client: create one"
        error={error ?? (clients.isError ? 'Clients could not be loaded' : undefined)}
        style={{ flex: 1 }}
        data-testid="mission-editor-client"
      />
      <Button
        variant="default"
        leftSection={<IconPlus size={16} />}
        onClick={() => setAdding(true)}
        mb={error ? 22 : 0}
        data-testid="client-new"
      >
        New client
      </Button>
    </Group>
  );
}
