import {
  Alert,
  Anchor,
  Box,
  Button,
  Code,
  FileButton,
  Group,
  Modal,
  Progress,
  Stack,
  Switch,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { AtomicsImportResult, type Job } from '@metamorph/contract';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconFileCode, IconUpload, IconX } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { queryKeys } from '../../../api/keys';
import { useImportAtomics } from '../../../api/library-io';
import { isJobActive, useJob } from '../../../api/system';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDuration } from '../../../lib/format';
import { formatBytes, mergeFiles } from './atomics-report';
import { AtomicsReport } from './AtomicsReport';

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
