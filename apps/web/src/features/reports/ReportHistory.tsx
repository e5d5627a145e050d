import { QueryFallback } from '../../components/QueryState';
import {
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { REPORT_SECTIONS, type Report, type ReportFormat } from '@metamorph/contract';
import { IconDownload, IconFileReport } from '@tabler/icons-react';
import { reportContentPath, useReports } from '../../api/reports';
import { EmptyState } from '../../components/EmptyState';
import { formatBytes, formatDateTime } from '../../lib/format';

export const FORMAT_LABELS: Record<ReportFormat, string> = {
  pdf: 'PDF',
  docx: 'Word (DOCX)',
  html: 'HTML (one file)',
  pptx: 'PowerPoint deck (PPTX)',
  xlsx: 'Excel (XLSX)',
};

const STATUS_COLOURS: Record<Report['status'], string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
};

/** Every report written for the mission, newest first, each downloadable again. */
export function ReportHistory({
  missionId,
  actions,
}: {
  missionId: string;
  actions: React.ReactNode;
}) {
  const reports = useReports(missionId);
  return (
    <Card p="lg" data-testid="report-history">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={2} fz="lg">
            Reports
          </Title>
          <Text size="xs" className="mm-muted">
            Each report is kept with its options and its SHA-256, so what the client received can be
            proven later.
          </Text>
        </div>
        {actions}
      </Group>
      {reports.data === undefined ? (
        <QueryFallback query={reports} rows={3} />
      ) : reports.data.items.length === 0 ? (
        <EmptyState icon={IconFileReport} title="No report yet" testId="reports-empty">
          Generate a PDF, Word or HTML report of this mission.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th>Contents</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>SHA-256</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Download</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reports.data.items.map((r) => (
                <ReportRow key={r.id} report={r} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function ReportRow({ report: r }: { report: Report }) {
  const sections = r.options.sections.length;
  return (
    <Table.Tr data-testid="report-row" data-status={r.status} data-format={r.format}>
      <Table.Td>
        <Text size="sm">{formatDateTime(r.created_at)}</Text>
        <Text size="xs" className="mm-muted">
          {r.created_by?.display_name ?? 'Former user'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{FORMAT_LABELS[r.format]}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {sections === REPORT_SECTIONS.length ? 'All sections' : `${sections} sections`}
        </Text>
        <Text size="xs" className="mm-muted">
          {[
            r.options.redact ? 'redacted' : 'not redacted',
            r.options.include_evidence ? 'with evidence' : 'no evidence',
            r.options.include_hidden ? 'hidden tests included' : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {(r.status === 'queued' || r.status === 'running') && <Loader size={12} />}
          <Badge color={STATUS_COLOURS[r.status]} variant="light">
            {r.status === 'succeeded' ? 'Ready' : r.status}
          </Badge>
        </Group>
        {r.error && (
          <Text size="xs" c="red.4" maw={260}>
            {r.error}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{r.size_bytes === null ? '—' : formatBytes(r.size_bytes)}</Text>
      </Table.Td>
      <Table.Td>
        {r.sha256 ? (
          <Tooltip label={r.sha256} withinPortal>
            <Text size="xs" ff="monospace" aria-label={`SHA-256 ${r.sha256}`}>
              {r.sha256.slice(0, 12)}…
            </Text>
          </Tooltip>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        {r.status === 'succeeded' && (
          <Button
            component="a"
            href={reportContentPath(r.id)}
            download
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} />}
            data-testid="report-download"
            aria-label={`Download the ${FORMAT_LABELS[r.format]} report of ${formatDateTime(r.created_at)}`}
          >
            Download
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
