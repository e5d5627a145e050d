import { Button, Group, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import type { CalderaOperation } from '@metamorph/contract';
import { IconListSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useCalderaOperations } from '../../api/automation';
import { ErrorAlert } from '../../components/ErrorAlert';

/** What the dialog needs to import one operation (the key stays in this dialog's memory). */
export interface CalderaTarget {
  url: string;
  api_key: string;
  operation_id: string;
}

interface Props {
  missionId: string;
  /** The chosen operation with the server and key, or null while none is chosen. */
  onTarget: (target: CalderaTarget | null) => void;
}

const label = (op: CalderaOperation) =>
  [op.name, op.state, op.start?.slice(0, 16).replace('T', ' ')].filter(Boolean).join(' · ');

/**
 * "From Caldera": a Caldera server's URL and API key, Load operations, then one operation to
 * import. Metamorph calls Caldera for you; the key is sent with each call and never stored.
 */
export function CalderaSource({ missionId, onTarget }: Props) {
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const [operationId, setOperationId] = useState<string | null>(null);
  const operations = useCalderaOperations(missionId);
  const items = operations.data?.items ?? [];
  // A changed server or key invalidates the list and the choice.
  const edit = (apply: () => void) => {
    apply();
    setOperationId(null);
    onTarget(null);
    operations.reset();
  };
  const load = () => operations.mutate({ url: url.trim(), api_key: key });
  const choose = (id: string | null) => {
    setOperationId(id);
    onTarget(id ? { url: url.trim(), api_key: key, operation_id: id } : null);
  };
  return (
    <Stack gap="sm" data-testid="caldera-source">
      <Group gap="sm" align="flex-end" grow>
        <TextInput
          label="Caldera server URL"
          placeholder="https://caldera.example:8888"
          value={url}
          onChange={(e) => {
            const v = e.currentTarget.value;
            edit(() => setUrl(v));
          }}
          data-testid="caldera-url"
        />
        <PasswordInput
          label="API key"
          description="A red API key from Caldera's configuration; never stored"
          value={key}
          onChange={(e) => {
            const v = e.currentTarget.value;
            edit(() => setKey(v));
          }}
          autoComplete="off"
          data-testid="caldera-key"
        />
      </Group>
      <Group gap="sm" align="flex-end">
        <Button
          variant="default"
          leftSection={<IconListSearch size={16} />}
          disabled={!url.trim() || !key}
          loading={operations.isPending}
          onClick={load}
          data-testid="caldera-load"
        >
          Load operations
        </Button>
        {operations.isSuccess && (
          <Select
            label="Operation"
            placeholder={items.length ? 'Choose an operation' : 'No operations on this server'}
            data={items.map((op) => ({ value: op.id, label: label(op) }))}
            value={operationId}
            onChange={choose}
            disabled={!items.length}
            searchable
            style={{ flex: 1 }}
            data-testid="caldera-operation"
          />
        )}
      </Group>
      {operations.isError && (
        <ErrorAlert error={operations.error} title="Could not load the operations" />
      )}
      {operations.isSuccess && (
        <Text size="xs" c="dimmed">
          {items.length} operation{items.length === 1 ? '' : 's'} on this server. The import reads
          the operation’s report with the agents’ output.
        </Text>
      )}
    </Stack>
  );
}
