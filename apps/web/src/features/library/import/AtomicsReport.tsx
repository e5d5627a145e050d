import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Collapse,
  Group,
  List,
  ScrollArea,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import type { AtomicsImportResult } from '@metamorph/contract';
import { type AtomicsFileReport, type Job } from '@metamorph/contract';
import {
  IconAlertTriangle,
  IconChevronDown,
  IconChevronRight,
  IconCircleCheck,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDuration } from '../../../lib/format';
import { techniquePath } from '../../attack/attack-ids';
import { REPORT_STATUS_COLORS, needsLook, sortReports } from './atomics-report';

/** The finished import: totals and the per-file table, files that need a look first. */
export function AtomicsReport({ result, job }: { result: AtomicsImportResult; job: Job }) {
  const { totals } = result;
  const took =
    job.started_at && job.finished_at
      ? (Date.parse(job.finished_at) - Date.parse(job.started_at)) / 1000
      : null;
  const ok = totals.failed_files === 0 && totals.failed === 0;
  return (
    <Stack gap="md" data-testid="atomics-report">
      <Alert
        color={ok ? 'teal' : 'yellow'}
        variant="light"
        icon={ok ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
        title={
          ok
            ? `Imported ${totals.files} file${totals.files === 1 ? '' : 's'}`
            : `${totals.files} file${totals.files === 1 ? '' : 's'} read, ${totals.failed_files} failed, ${totals.failed} test${totals.failed === 1 ? '' : 's'} not imported`
        }
        data-testid="atomics-totals"
      >
        <Stack gap={6}>
          <Group gap={4}>
            <CountBadge label="new" value={totals.imported} color="teal" />
            <CountBadge label="updated" value={totals.updated} color="blue" />
            <CountBadge label="unchanged" value={totals.unchanged} color="gray" />
            <CountBadge label="failed" value={totals.failed} color="red" />
            {totals.scenarios > 0 && (
              <CountBadge label="scenarios" value={totals.scenarios} color="purple" />
            )}
          </Group>
          <Text size="xs">
            {ok
              ? 'Every test of every file is in the library.'
              : 'The other tests were imported; fix the files below and import them again.'}
            {took !== null && took >= 0 ? ` Took ${formatDuration(Math.max(took, 1))}.` : ''}
          </Text>
        </Stack>
      </Alert>
      <ScrollArea.Autosize mah="52vh" type="auto" offsetScrollbars>
        <Table miw={640} verticalSpacing={6} layout="fixed" data-testid="atomics-report-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th w={104}>Status</Table.Th>
              <Table.Th w={52} ta="right">
                New
              </Table.Th>
              <Table.Th w={80} ta="right">
                Updated
              </Table.Th>
              <Table.Th w={96} ta="right">
                Unchanged
              </Table.Th>
              <Table.Th w={64} ta="right">
                Failed
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          {sortReports(result.files).map((r) => (
            <ReportRows key={r.file} report={r} />
          ))}
        </Table>
      </ScrollArea.Autosize>
      <Anchor component={Link} to="/library?source=atomic-red-team" size="sm" w="fit-content">
        See the Atomic Red Team templates
      </Anchor>
    </Stack>
  );
}

function CountBadge({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Badge
      variant={value ? 'light' : 'default'}
      color={value ? color : undefined}
      tt="none"
      fw={500}
      data-testid={`atomics-total-${label}`}
    >
      {value} {label}
    </Badge>
  );
}

/** A file's row and, when it needs a look, its errors and unknown ATT&CK ids (expandable). */
function ReportRows({ report: r }: { report: AtomicsFileReport }) {
  const problems = needsLook(r);
  const [open, setOpen] = useState(r.status === 'failed');
  const num = (n: number, color?: string) => (
    <Table.Td ta="right">
      <Text size="sm" c={n ? color : 'dimmed'} fw={n && color ? 600 : undefined}>
        {n}
      </Text>
    </Table.Td>
  );
  return (
    <Table.Tbody data-testid="atomics-file" data-file={r.file} data-status={r.status}>
      <Table.Tr>
        <Table.Td>
          <Group gap={6} wrap="nowrap">
            {problems ? (
              <Button
                variant="subtle"
                color="gray"
                size="compact-xs"
                px={2}
                onClick={() => setOpen((o) => !o)}
                aria-expanded={open}
                aria-label={`${open ? 'Hide' : 'Show'} the problems of ${r.file}`}
                data-testid="atomics-file-toggle"
              >
                {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
              </Button>
            ) : (
              <Box w={22} />
            )}
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} truncate="end" title={r.file}>
                {r.file}
              </Text>
              {r.technique && (
                <Anchor component={Link} to={techniquePath(r.technique)} size="xs" ff="monospace">
                  {r.technique}
                </Anchor>
              )}
            </Stack>
          </Group>
        </Table.Td>
        <Table.Td>
          <Badge
            color={REPORT_STATUS_COLORS[r.status]}
            variant="light"
            data-testid="atomics-file-status"
          >
            {r.status}
          </Badge>
        </Table.Td>
        {num(r.imported, 'teal')}
        {num(r.updated, 'blue')}
        {num(r.unchanged)}
        {num(r.failed, 'red')}
      </Table.Tr>
      {problems && (
        <Table.Tr style={{ borderTop: 'none' }}>
          <Table.Td colSpan={6} py={0} style={{ borderTop: 'none' }}>
            <Collapse expanded={open}>
              <Stack gap={6} pl={28} pb="sm" data-testid="atomics-file-problems">
                {r.errors.length > 0 && (
                  <List
                    size="xs"
                    spacing={2}
                    c="var(--mm-text-red)"
                    data-testid="atomics-file-errors"
                  >
                    {r.errors.map((e, i) => (
                      <List.Item key={i} style={{ wordBreak: 'break-word' }}>
                        {e}
                      </List.Item>
                    ))}
                  </List>
                )}
                {r.warnings.length > 0 && (
                  <List
                    size="xs"
                    spacing={2}
                    c="var(--mm-text-yellow)"
                    data-testid="atomics-file-warnings"
                  >
                    {r.warnings.map((w, i) => (
                      <List.Item key={i} style={{ wordBreak: 'break-word' }}>
                        {w}
                      </List.Item>
                    ))}
                  </List>
                )}
                {r.unknown_attack_ids.length > 0 && (
                  <Group gap={4} data-testid="atomics-file-unknown">
                    <Text size="xs" c="dimmed">
                      Unknown to the ATT&CK catalog (imported, flagged for review):
                    </Text>
                    {r.unknown_attack_ids.map((id) => (
                      <Badge
                        key={id}
                        size="sm"
                        color="yellow"
                        variant="light"
                        ff="monospace"
                        tt="none"
                      >
                        {id}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Stack>
            </Collapse>
          </Table.Td>
        </Table.Tr>
      )}
    </Table.Tbody>
  );
}
