import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import type {
  ExecutionImportReport,
  ExecutionImportRow,
  ProcedureOutcome,
} from '@metamorph/contract';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

/**
 * Badge colours for outcomes: filled shades with white text at 4.5:1 or more; orange fails
 * under white at every shade, so the conflict badge is a light orange with dark text.
 */
const OUTCOME: Record<ProcedureOutcome, { label: string; color: string; text?: string }> = {
  filled: { label: 'Filled', color: 'teal.9' },
  unchanged: { label: 'Unchanged', color: 'gray.7' },
  conflict: { label: 'Conflict', color: 'orange.6', text: 'dark.9' },
  created: { label: 'Created', color: 'blue.8' },
  unmatched: { label: 'Unmatched', color: 'grape.8' },
  error: { label: 'Error', color: 'red.9' },
};
const FIELD_LABELS: Record<string, string> = {
  executed_at: 'executed at',
  red_command: 'command',
  red_output: 'output',
  attack_started_at: 'attack start',
  attack_ended_at: 'attack end',
  account_used: 'account',
  target_asset_id: 'target',
  red_tool_id: 'red tool',
  execution_result: 'result',
};
const label = (f: string) => FIELD_LABELS[f] ?? f;
type Filter = 'all' | 'attention' | ProcedureOutcome;

interface Props {
  missionId: string;
  report: ExecutionImportReport;
  /** Re-applies this one procedure with overwrite (conflict rows); absent on a dry run. */
  onOverwrite?: (row: ExecutionImportRow) => void;
  overwriting?: string | null;
}

/** The per-procedure report of an execution import: what was filled, what needs a person. */
export function ExecutionReportView({ missionId, report, onOverwrite, overwriting }: Props) {
  const attention = report.rows.filter((r) =>
    ['conflict', 'unmatched', 'error'].includes(r.outcome),
  );
  const [filter, setFilter] = useState<Filter>(attention.length ? 'attention' : 'all');
  const rows = report.rows.filter((r) =>
    filter === 'all' ? true : filter === 'attention' ? attention.includes(r) : r.outcome === filter,
  );
  const refused = report.files.filter((f) => f.error);
  return (
    <Stack gap="sm" data-testid="execution-report">
      <Group gap="xs" data-testid="execution-report-totals">
        <Text size="sm" fw={600}>
          {report.dry_run
            ? 'Dry run — nothing was written:'
            : report.applied
              ? 'Imported:'
              : 'Nothing to write:'}
        </Text>
        {(Object.keys(OUTCOME) as ProcedureOutcome[])
          .filter((o) => report.totals[o] > 0)
          .map((o) => (
            <Badge
              key={o}
              color={OUTCOME[o].color}
              c={OUTCOME[o].text}
              variant="filled"
              data-testid={`total-${o}`}
            >
              {report.totals[o]} {OUTCOME[o].label.toLowerCase()}
            </Badge>
          ))}
      </Group>
      {refused.map((f) => (
        <Alert
          key={f.name}
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={16} />}
          title={f.name}
          data-testid="execution-file-error"
        >
          <Text size="sm">{f.error}</Text>
        </Alert>
      ))}
      <SegmentedControl
        size="xs"
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={[
          { value: 'attention', label: `Needs attention (${attention.length})` },
          { value: 'all', label: `All (${report.rows.length})` },
          { value: 'filled', label: `Filled (${report.totals.filled})` },
        ]}
        aria-label="Show procedures"
      />
      <Table striped withTableBorder verticalSpacing="xs" data-testid="execution-report-rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Procedure</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Test</Table.Th>
            <Table.Th>Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr
              key={`${r.file}#${r.index}`}
              data-testid="execution-row"
              data-outcome={r.outcome}
            >
              <Table.Td>
                <Text size="sm" fw={500}>
                  {r.name ?? '(no name)'}
                </Text>
                <Text size="xs" c="dimmed">
                  {r.technique_id ?? 'no technique'} · {r.file} #{r.index}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge
                  color={OUTCOME[r.outcome].color}
                  c={OUTCOME[r.outcome].text}
                  variant="filled"
                >
                  {OUTCOME[r.outcome].label}
                </Badge>
              </Table.Td>
              <Table.Td>
                {r.test_id ? (
                  <Anchor
                    component={Link}
                    to={`/missions/${missionId}/tests/${r.test_id}`}
                    size="sm"
                  >
                    {r.test_name}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    {r.test_name ?? '—'}
                  </Text>
                )}
                {r.matched_by && (
                  <Text size="xs" c="dimmed">
                    by {r.matched_by === 'guid' ? 'Atomic guid' : 'technique'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <RowDetails
                  row={r}
                  onOverwrite={onOverwrite}
                  busy={overwriting === `${r.file}#${r.index}`}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing here.
        </Text>
      )}
    </Stack>
  );
}

function RowDetails({
  row,
  onOverwrite,
  busy,
}: {
  row: ExecutionImportRow;
  onOverwrite?: (row: ExecutionImportRow) => void;
  busy: boolean;
}) {
  return (
    <Stack gap={4}>
      {row.filled.length > 0 && <Text size="xs">Filled: {row.filled.map(label).join(', ')}</Text>}
      {row.overwritten.length > 0 && (
        <Text size="xs">Overwritten: {row.overwritten.map(label).join(', ')}</Text>
      )}
      {row.executed && <Text size="xs">Moved to executed</Text>}
      {row.conflicts.map((c) => (
        <Text size="xs" key={c.field} data-testid="execution-conflict">
          <b>{label(c.field)}</b>: kept “{c.current}”; the log says “{c.incoming}”
        </Text>
      ))}
      {row.notes.map((n) => (
        <Text size="xs" c="dimmed" key={n}>
          {n}
        </Text>
      ))}
      {row.outcome === 'conflict' && onOverwrite && (
        <Group>
          <Button
            size="compact-xs"
            variant="light"
            color="orange"
            loading={busy}
            onClick={() => onOverwrite(row)}
            data-testid="execution-overwrite"
          >
            Use the log’s values
          </Button>
        </Group>
      )}
    </Stack>
  );
}
