import { QueryFallback } from '../../components/QueryState';
import { Badge, Button, Card, Group, Table, Text, Title, Tooltip } from '@mantine/core';
import type { SessionInfo } from '@metamorph/contract';
import { IconDevices, IconDoorExit, IconLogout } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useEndSession, useLogout, useSessions } from '../../api/auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime, formatRelative } from '../../lib/format';
import { describeAgent } from './user-agent';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

export function SessionsCard() {
  const sessions = useSessions();
  const endSession = useEndSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const [ending, setEnding] = useState<SessionInfo | null>(null);
  const [everywhere, setEverywhere] = useState(false);

  const confirmEnd = () => {
    if (!ending) return;
    const wasCurrent = ending.current;
    endSession.mutate(ending, {
      onSuccess: () => {
        setEnding(null);
        if (wasCurrent) void navigate('/login', { replace: true });
      },
    });
  };
  const confirmEverywhere = () =>
    logout.mutate(true, { onSuccess: () => void navigate('/login', { replace: true }) });

  const items = sessions.data?.items ?? [];
  return (
    <Card data-testid="sessions-card">
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Title order={2} fz="lg">
            Sessions
          </Title>
          <Text size="sm" c="dimmed">
            Browsers signed in to your account. End any you do not recognise.
          </Text>
        </div>
        <Button
          color="red"
          variant="light"
          leftSection={<IconDoorExit size={16} />}
          onClick={() => setEverywhere(true)}
          data-testid="logout-everywhere"
        >
          Log out everywhere
        </Button>
      </Group>
      {sessions.data === undefined ? (
        <QueryFallback query={sessions} rows={2} />
      ) : items.length === 0 ? (
        <EmptyState icon={IconDevices} title="No sessions" />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" data-testid="sessions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>IP address</Table.Th>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last active</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.id} data-testid="session-row" data-current={s.current}>
                  <Table.Td>
                    <Group gap={8}>
                      <Tooltip label={s.user_agent ?? 'unknown'} multiline maw={360}>
                        <Text size="sm">{describeAgent(s.user_agent)}</Text>
                      </Tooltip>
                      {s.current && (
                        <Badge color="teal" variant="light" size="sm">
                          This session
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="sm">
                    {s.ip ?? '—'}
                  </Table.Td>
                  <Table.Td fz="sm" style={NOWRAP}>
                    {formatDateTime(s.created_at)}
                  </Table.Td>
                  <Table.Td fz="sm" style={NOWRAP}>
                    {formatRelative(s.last_seen_at)}
                  </Table.Td>
                  <Table.Td fz="sm" style={NOWRAP}>
                    {formatDateTime(s.expires_at)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      leftSection={<IconLogout size={14} />}
                      onClick={() => setEnding(s)}
                      aria-label={
                        s.current ? 'End this session' : `End session from ${s.ip ?? 'unknown'}`
                      }
                    >
                      End
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDialog
        opened={ending !== null}
        title="End this session?"
        confirmLabel="End session"
        loading={endSession.isPending}
        onConfirm={confirmEnd}
        onClose={() => setEnding(null)}
      >
        <Text size="sm">
          {ending?.current
            ? 'This is the session you are using now: you will be signed out.'
            : `The browser at ${ending?.ip ?? 'an unknown address'} will be signed out at once.`}
        </Text>
      </ConfirmDialog>
      <ConfirmDialog
        opened={everywhere}
        title="Log out everywhere?"
        confirmLabel="Log out everywhere"
        loading={logout.isPending}
        onConfirm={confirmEverywhere}
        onClose={() => setEverywhere(false)}
      >
        <Text size="sm">
          Every session of your account ends, including this one. API tokens keep working; revoke
          them separately.
        </Text>
      </ConfirmDialog>
    </Card>
  );
}
