import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { DettectDiscrepancyKind } from '@metamorph/contract';
import { IconDownload, IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { dettectExportHref, useClaimedVsTested } from '../../api/dettect';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatDateTime } from '../../lib/format';
import { ImportDettectDialog } from './ImportDettectDialog';
import { StatusBadge } from './threat-bits';

export const DISCREPANCY_LABELS: Record<DettectDiscrepancyKind, string> = {
  claimed_missed: 'Claimed ≥ 3, tested missed',
  unclaimed_detected: 'Detected, claimed ≤ 0',
  claim_older_than_test: 'Claim older than the last test',
};
const KIND_COLOURS: Record<DettectDiscrepancyKind, string> = {
  claimed_missed: 'red',
  unclaimed_detected: 'teal',
  claim_older_than_test: 'orange',
};
const KINDS = Object.keys(DISCREPANCY_LABELS) as DettectDiscrepancyKind[];

/** The client's DeTT&CT claims against the profile's tested coverage, and the DeTT&CT export. */
export function ClaimedVsTestedCard({
  clientId,
  profileId,
  canImport,
  canExport,
}: {
  clientId: string;
  profileId: string;
  canImport: boolean;
  canExport: boolean;
}) {
  const q = useClaimedVsTested(clientId, profileId);
  const [importing, setImporting] = useState(false);
  const c = q.data;
  const rows = c?.techniques.filter((t) => t.discrepancies.length > 0) ?? [];
  return (
    <Card withBorder p={0} data-testid="claimed-vs-tested">
      <Group justify="space-between" p="sm" wrap="wrap" align="flex-start">
        <Stack gap={2}>
          <Title order={2} fz="md">
            Claimed vs tested — DeTT&CT
          </Title>
          <Text size="xs" c="dimmed" data-testid="dettect-claims-file">
            {c?.claims
              ? `Claims from ${c.claims.file_name}, imported ${formatDateTime(c.claims.imported_at)}.`
              : 'No DeTT&CT file imported: the claims are empty.'}
          </Text>
        </Stack>
        <Group gap="xs">
          {canImport && (
            <Button
              variant="default"
              leftSection={<IconFileImport size={16} />}
              onClick={() => setImporting(true)}
              data-testid="dettect-import-open"
            >
              Import DeTT&CT file
            </Button>
          )}
          {canExport && (
            <Button
              component="a"
              href={dettectExportHref(clientId)}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
              data-testid="dettect-export"
            >
              Export tested coverage
            </Button>
          )}
        </Group>
      </Group>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {c && (
        <>
          <Group gap="sm" px="sm" pb="sm" data-testid="dettect-counts">
            {KINDS.map((k) => (
              <Badge
                key={k}
                variant="light"
                color={KIND_COLOURS[k]}
                size="lg"
                radius="sm"
                tt="none"
                data-kind={k}
              >
                {DISCREPANCY_LABELS[k]}: {c.counts[k] ?? 0}
              </Badge>
            ))}
          </Group>
          {rows.length === 0 ? (
            <Text size="sm" px="sm" pb="sm" c="dimmed">
              No discrepancy between the claims and the tests.
            </Text>
          ) : (
            <Table verticalSpacing={6} data-testid="dettect-discrepancies">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th pl="sm">Technique</Table.Th>
                  <Table.Th ta="right">Claimed</Table.Th>
                  <Table.Th>Claim date</Table.Th>
                  <Table.Th>Tested</Table.Th>
                  <Table.Th>Discrepancy</Table.Th>
                  <Table.Th pr="sm">Deciding tests</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((t) => (
                  <Table.Tr key={t.technique_id} data-technique={t.technique_id}>
                    <Table.Td pl="sm">
                      <Text size="sm" fw={600} span>
                        {t.technique_id}
                      </Text>{' '}
                      <Text size="sm" span>
                        {t.name}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{t.claimed_score ?? '—'}</Table.Td>
                    <Table.Td>{t.claim_date ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <StatusBadge status={t.status} />
                        {t.last_tested_at && (
                          <Text size="xs" c="dimmed">
                            {formatDate(t.last_tested_at)}
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {t.discrepancies.map((k) => (
                          <Text key={k} size="xs" data-kind={k}>
                            {DISCREPANCY_LABELS[k]}
                          </Text>
                        ))}
                      </Stack>
                    </Table.Td>
                    <Table.Td pr="sm">
                      <Stack gap={2}>
                        {t.tests.map((x) => (
                          <Anchor
                            key={x.id}
                            component={Link}
                            to={`/missions/${x.mission_id}/tests/${x.id}`}
                            size="sm"
                          >
                            {x.name}
                          </Anchor>
                        ))}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
      <ImportDettectDialog
        clientId={clientId}
        opened={importing}
        onClose={() => setImporting(false)}
      />
    </Card>
  );
}
