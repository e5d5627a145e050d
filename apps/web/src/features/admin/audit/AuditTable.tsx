import { ActionIcon, Anchor, Badge, Code, Table, Text, Tooltip } from '@mantine/core';
import type { AuditEvent } from '@metamorph/contract';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { AuditDiffView } from './AuditDiffView';

function actionColor(action: string): string {
  if (action === 'auth.login_failed') return 'red';
  if (action.endsWith('.deleted') || action.endsWith('.revoked') || action.endsWith('.disabled'))
    return 'orange';
  if (action.startsWith('auth.')) return 'blue';
  if (action.startsWith('settings.') || action.startsWith('role.')) return 'purple';
  return 'gray';
}

interface AuditTableProps {
  events: AuditEvent[];
  /** Filter by this actor (clicking an actor). */
  onActor: (userId: string) => void;
}

export function AuditTable({ events, onActor }: AuditTableProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={44} aria-label="Details" />
            <Table.Th>Time</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>IP address</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => {
            const expanded = open.has(event.id);
            const detailId = `audit-detail-${event.id}`;
            return (
              <Fragment key={event.id}>
                <Table.Tr
                  data-testid="audit-row"
                  data-action={event.action}
                  bg={expanded ? 'var(--mantine-color-default-hover)' : undefined}
                >
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => toggle(event.id)}
                      aria-expanded={expanded}
                      aria-controls={detailId}
                      aria-label={`${expanded ? 'Hide' : 'Show'} details of event ${event.seq}`}
                      data-testid="audit-expand"
                    >
                      {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    <Tooltip label={event.at}>
                      <span>{formatDateTime(event.at)}</span>
                    </Tooltip>
                    <Text size="xs" c="dimmed">
                      {formatRelative(event.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={actionColor(event.action)}
                      tt="none"
                      ff="monospace"
                    >
                      {event.action}
                    </Badge>
                  </Table.Td>
                  <Table.Td fz="sm">
                    {event.actor_user_id ? (
                      <Tooltip label="Show only this actor">
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          onClick={() => event.actor_user_id && onActor(event.actor_user_id)}
                        >
                          {event.actor_email ?? event.actor_user_id}
                        </Anchor>
                      </Tooltip>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {event.actor_email ??
                          (event.action.startsWith('system.') ? 'system' : 'anonymous')}
                      </Text>
                    )}
                    {event.actor_token_id && (
                      <Badge size="xs" variant="outline" color="gray" ml={6}>
                        via API token
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td fz="sm">
                    <Text span size="sm" c="dimmed">
                      {event.target_type}
                    </Text>{' '}
                    {event.target_id && <Code fz="xs">{event.target_id.slice(0, 8)}</Code>}
                  </Table.Td>
                  <Table.Td fz="sm" ff="monospace">
                    {event.ip ?? '—'}
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr id={detailId}>
                    <Table.Td colSpan={6} p={0}>
                      <AuditDiffView event={event} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
