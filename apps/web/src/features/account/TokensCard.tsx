import { QueryFallback } from '../../components/QueryState';
import { Badge, Button, Card, Code, Group, Table, Text, Title, Tooltip } from '@mantine/core';
import type { ApiToken } from '@metamorph/contract';
import { IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useRevokeToken, useTokens } from '../../api/tokens';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime, formatRelative } from '../../lib/format';
import { CreateTokenDialog } from './CreateTokenDialog';

function tokenStatus(token: ApiToken, now: number): { label: string; color: string } {
  if (token.revoked_at) return { label: 'Revoked', color: 'gray' };
  if (Date.parse(token.expires_at) <= now) return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'teal' };
}

export function TokensCard() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const now = Date.now();
  const items = tokens.data?.items ?? [];

  return (
    <Card data-testid="tokens-card">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Title order={2} fz="lg">
            API tokens
          </Title>
          <Text size="sm" c="dimmed">
            For scripts and integrations: send one as <Code>Authorization: Bearer …</Code>. A token
            can do only what its scopes allow, and never more than you can.
          </Text>
        </div>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setCreating(true)}
          data-testid="create-token"
        >
          New token
        </Button>
      </Group>
      {tokens.data === undefined ? (
        <QueryFallback query={tokens} rows={2} />
      ) : items.length === 0 ? (
        <EmptyState icon={IconKey} title="No API tokens yet" testId="tokens-empty">
          Create one to call the Metamorph API from a script.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" data-testid="tokens-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Prefix</Table.Th>
                <Table.Th>Scopes</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((token) => {
                const status = tokenStatus(token, now);
                return (
                  <Table.Tr
                    key={token.id}
                    data-testid="token-row"
                    data-token-name={token.name}
                    opacity={status.label === 'Active' ? 1 : 0.6}
                  >
                    <Table.Td fw={500}>{token.name}</Table.Td>
                    <Table.Td>
                      <Code>{token.prefix}…</Code>
                    </Table.Td>
                    <Table.Td maw={320}>
                      <Group gap={4}>
                        {token.scopes.map((s) => (
                          <Badge key={s} variant="outline" color="gray" tt="none" fw={500}>
                            {s}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                      <Tooltip label={formatRelative(token.expires_at)}>
                        <span>{formatDateTime(token.expires_at)}</span>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td fz="sm">{formatRelative(token.last_used_at)}</Table.Td>
                    <Table.Td>
                      <Badge color={status.color} variant="light" data-testid="token-status">
                        {status.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">
                      {!token.revoked_at && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => setRevoking(token)}
                          aria-label={`Revoke token ${token.name}`}
                          data-testid="revoke-token"
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateTokenDialog opened={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke this token?"
        confirmLabel="Revoke token"
        loading={revoke.isPending}
        onConfirm={() =>
          revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })
        }
        onClose={() => setRevoking(null)}
      >
        <Text size="sm">
          Anything using <b>{revoking?.name}</b> (<Code>{revoking?.prefix}…</Code>) stops working at
          once. This cannot be undone.
        </Text>
      </ConfirmDialog>
    </Card>
  );
}
