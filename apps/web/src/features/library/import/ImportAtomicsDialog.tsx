import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Code,
  Collapse,
  FileButton,
  Group,
  List,
  Modal,
  Progress,
  ScrollArea,
  Stack,
  Switch,
  Table,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { AtomicsImportResult, type AtomicsFileReport, type Job } from '@metamorph/contract';
import { useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconChevronDown,
  IconChevronRight,
  IconCircleCheck,
  IconFileCode,
  IconUpload,
  IconX,
} from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { queryKeys } from '../../../api/keys';
import { useImportAtomics } from '../../../api/library-io';
import { isJobActive, useJob } from '../../../api/system';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDuration } from '../../../lib/format';
import { techniquePath } from '../../attack/attack-ids';
import {
  REPORT_STATUS_COLORS,
  formatBytes,
  mergeFiles,
  needsLook,
  sortReports,
} from './atomics-report';

interface ImportAtomicsDialogProps {
  opened: boolean;
  onClose: () => void;
}

/** Upload Atomic Red Team YAML files or zips, follow the import job, read the per-file report. */
export function ImportAtomicsDialog({ opened, onClose }: ImportAtomicsDialogProps) {
  const [files, setFiles] = useState<File[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const [perTechnique, setPerTechnique] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const upload = useImportAtomics();

  const add = (added: readonly File[]) => {
    const merged = mergeFiles(files, added);
    setFiles(merged.files);
    setRefused(merged.refused);
  };
  const reset = () => {
    setFiles([]);
    setRefused([]);
    setJobId(null);
    upload.reset();
  };
  const start = () =>
    upload.mutate(
      { files, scenarioPerTechnique: perTechnique },
      { onSuccess: ({ job }) => setJobId(job.id) },
    );

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>Import Atomic Red Team tests</Text>}
      size="xl"
      centered
    >
      <Stack gap="md" data-testid="atomics-dialog">
        {jobId ? (
          <>
            <AtomicsJob jobId={jobId} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={reset} data-testid="atomics-again">
                Import more
              </Button>
              <Button onClick={onClose} data-testid="atomics-close">
                Close
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Technique files from{' '}
              <Anchor href="https://github.com/redcanaryco/atomic-red-team" target="_blank">
                atomic-red-team/atomics
              </Anchor>{' '}
              (<Code fz="xs">T1059.001.yaml</Code>…) or zips of them. Each test becomes a template
              keyed by its GUID: importing again updates it, and your own templates are untouched.
            </Text>
            <DropZone onFiles={add} />
            {refused.length > 0 && (
              <Alert color="yellow" variant="light" data-testid="atomics-refused">
                Not added (only .yaml, .yml and .zip): {refused.join(', ')}
              </Alert>
            )}
            {files.length > 0 && (
              <Stack gap={4} data-testid="atomics-files">
                {files.map((f) => (
                  <Group key={`${f.name}:${f.size}`} gap="xs" wrap="nowrap">
                    <IconFileCode size={16} color="var(--mantine-color-dimmed)" />
                    <Text size="sm" truncate="end" style={{ flex: 1 }}>
                      {f.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatBytes(f.size)}
                    </Text>
                    <Tooltip label={`Remove ${f.name}`}>
                      <Button
                        variant="subtle"
                        color="gray"
                        size="compact-xs"
                        onClick={() => setFiles(files.filter((x) => x !== f))}
                        aria-label={`Remove ${f.name}`}
                      >
                        <IconX size={14} />
                      </Button>
                    </Tooltip>
                  </Group>
                ))}
              </Stack>
            )}
            <Switch
              checked={perTechnique}
              onChange={(e) => setPerTechnique(e.currentTarget.checked)}
              label="Also create a scenario per technique"
              description="One scenario template per technique file, listing its tests in file order."
              data-testid="atomics-per-technique"
            />
            {upload.isError && <ErrorAlert error={upload.error} title="The import did not start" />}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                leftSection={<IconUpload size={16} />}
                onClick={start}
                loading={upload.isPending}
                disabled={files.length === 0}
                data-testid="atomics-upload"
              >
                Import{' '}
                {files.length > 0 ? `${files.length} file${files.length === 1 ? '' : 's'}` : ''}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** A drop target that also opens the file picker (several files, YAML or zip). */
function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const [over, setOver] = useState(false);
  const stop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <FileButton
      onChange={onFiles}
      multiple
      accept=".yaml,.yml,.zip,application/zip,application/yaml,text/yaml"
    >
      {(props) => (
        <Box
          component="button"
          type="button"
          {...props}
          onDragEnter={(e: DragEvent) => {
            stop(e);
            setOver(true);
          }}
          onDragOver={stop}
          onDragLeave={(e: DragEvent) => {
            stop(e);
            setOver(false);
          }}
          onDrop={(e: DragEvent) => {
            stop(e);
            setOver(false);
            onFiles([...e.dataTransfer.files]);
          }}
          data-testid="atomics-drop"
          style={{
            width: '100%',
            cursor: 'pointer',
            padding: 'var(--mantine-spacing-lg)',
            borderRadius: 'var(--mantine-radius-md)',
            border: `2px dashed var(--mantine-color-${over ? 'purple-5' : 'default-border'})`,
            background: over ? 'var(--mantine-color-purple-light)' : 'transparent',
            color: 'inherit',
            font: 'inherit',
          }}
        >
          <Stack gap={6} align="center">
            <ThemeIcon size={40} radius="xl" variant="light">
              <IconUpload size={20} />
            </ThemeIcon>
            <Text size="sm" fw={600}>
              Drop .yaml, .yml or .zip files here, or click to choose
            </Text>
            <Text size="xs" c="dimmed">
              Several files at once; a zip of the atomics folder works too.
            </Text>
          </Stack>
        </Box>
      )}
    </FileButton>
  );
}

/** Follows the import job: progress while it runs, then the per-file report. */
function AtomicsJob({ jobId }: { jobId: string }) {
  const job = useJob(jobId);
  useRefreshLibraryWhenDone(job.data?.id, job.data?.status);
  if (job.isError) return <ErrorAlert error={job.error} title="Cannot follow the import job" />;
  const data = job.data;
  if (!data || isJobActive(data.status)) return <JobProgress job={data} />;
  if (data.status !== 'succeeded') {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title={data.status === 'cancelled' ? 'The import was cancelled' : 'The import failed'}
        data-testid="atomics-job-error"
      >
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {data.error ?? 'No reason was recorded.'}
        </Text>
      </Alert>
    );
  }
  const parsed = AtomicsImportResult.safeParse(data.result);
  if (!parsed.success)
    return (
      <Text size="sm" data-testid="atomics-report">
        The import finished, but its result does not match the API contract.
      </Text>
    );
  return <AtomicsReport result={parsed.data} job={data} />;
}

/** When the followed job succeeds, every library list is stale. */
function useRefreshLibraryWhenDone(id: string | undefined, status: string | undefined) {
  const queryClient = useQueryClient();
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!id || status !== 'succeeded' || handled.current === id) return;
    handled.current = id;
    void queryClient.invalidateQueries({ queryKey: queryKeys.library.all });
  }, [id, status, queryClient]);
}

function JobProgress({ job }: { job: Job | undefined }) {
  const done = job?.progress.done ?? 0;
  const total = job?.progress.total ?? null;
  const known = total !== null && total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : 100;
  const started = job?.started_at ? Date.parse(job.started_at) : null;
  return (
    <Stack gap={6} data-testid="atomics-progress" data-status={job?.status ?? 'starting'}>
      <Progress
        value={percent}
        animated
        striped={!known || job?.status === 'queued'}
        size="lg"
        aria-label="Import progress"
      />
      <Group justify="space-between">
        <Text size="sm" data-testid="atomics-progress-message">
          {job?.progress.message ??
            (job?.status === 'running' ? 'Importing…' : 'Waiting for a worker…')}
        </Text>
        <Text size="xs" c="dimmed">
          {[
            known ? `${done.toLocaleString()} / ${total.toLocaleString()} · ${percent}%` : null,
            started ? formatDuration((Date.now() - started) / 1000) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        The import runs on the server: closing this dialog does not stop it.
      </Text>
    </Stack>
  );
}

function AtomicsReport({ result, job }: { result: AtomicsImportResult; job: Job }) {
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
          <Text size="xs" c="dimmed">
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
                  <List size="xs" spacing={2} c="red.8" data-testid="atomics-file-errors">
                    {r.errors.map((e, i) => (
                      <List.Item key={i} style={{ wordBreak: 'break-word' }}>
                        {e}
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
