import { Anchor, Code, Group, Modal, Stack, Text } from '@mantine/core';
import type { Finding } from '@metamorph/contract';
import type { ReactNode } from 'react';
import { formatDate } from '../../lib/format';
import { LibraryMarkdown } from '../library/LibraryBits';
import { GAP_REASONS } from '../execution/BlueZone';
import { FindingStatusBadge, SeverityBadge } from './FindingBits';
import { findingLabel } from './finding-model';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} tt="uppercase" className="mm-muted" lts={0.5}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** A finding read by a member who is not a lead: markdown rendered sanitised. */
export function FindingDetails({ finding: f, onClose }: { finding: Finding; onClose: () => void }) {
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={
        <Text fw={600}>
          {findingLabel(f)} · {f.title}
        </Text>
      }
    >
      <Stack gap="md" data-testid="finding-details">
        <Group gap="xs">
          <SeverityBadge severity={f.severity} />
          <FindingStatusBadge status={f.status} />
          <Text size="sm" className="mm-muted">
            Owner: {f.owner_display_name ?? f.owner_name ?? 'unassigned'} · due{' '}
            {formatDate(f.due_on)}
          </Text>
        </Group>
        {f.status_reason && <Row label="Why the risk is accepted">{f.status_reason}</Row>}
        <Row label="Description">
          {f.description_md ? (
            <LibraryMarkdown markdown={f.description_md} />
          ) : (
            <Text className="mm-muted">—</Text>
          )}
        </Row>
        <Row label="Recommendation">
          {f.recommendation_md ? (
            <LibraryMarkdown markdown={f.recommendation_md} />
          ) : (
            <Text className="mm-muted">—</Text>
          )}
        </Row>
        {f.gap_reason && (
          <Row label="Gap reason">
            <Text size="sm">{GAP_REASONS.find((g) => g.value === f.gap_reason)?.label}</Text>
          </Row>
        )}
        {f.sigma_rule && (
          <Row label="Sigma rule">
            <Code block>{f.sigma_rule}</Code>
          </Row>
        )}
        {f.siem_query && (
          <Row label="SIEM query">
            <Code block>{f.siem_query}</Code>
          </Row>
        )}
        {f.ticket_url && (
          <Row label="Ticket">
            <Anchor href={f.ticket_url} target="_blank" rel="noopener noreferrer" size="sm">
              {f.ticket_url}
            </Anchor>
          </Row>
        )}
      </Stack>
    </Modal>
  );
}
