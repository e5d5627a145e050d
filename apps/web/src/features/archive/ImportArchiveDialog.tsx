import {
  Alert,
  Button,
  FileButton,
  Group,
  Modal,
  Progress,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { ArchiveImportReport as ReportSchema, type Job } from '@metamorph/contract';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconFileZip, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useImportArchive } from '../../api/archive';
import { useClients } from '../../api/clients';
import { queryKeys } from '../../api/keys';
import { isJobActive, useJob } from '../../api/system';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes } from '../../lib/format';
import { ArchiveImportReport } from './ArchiveImportReport';

const FROM_ARCHIVE = '';

interface ImportArchiveDialogProps {
  opened: boolean;
  onClose: () => void;
}

/** Upload a mission archive (with progress), follow its import job, read the import report. */
export function ImportArchiveDialog({ opened, onClose }: ImportArchiveDialogProps) {
  const [file, setFile] = useState<File | null>(null);
  const [clientId, setClientId] = useState(FROM_ARCHIVE);
  const [sent, setSent] = useState(0);
  const [jobId, setJobId] = useState<string | null>(null);
  const upload = useImportArchive();
  const clients = useClients(opened);
  const reset = () => {
    setFile(null);
    setSent(0);
    setJobId(null);
    upload.reset();
  };
  const start = () => {
    if (!file) return;
    setSent(0);
    upload.mutate(
      { file, clientId: clientId || null, onProgress: setSent },
      { onSuccess: ({ job }) => setJobId(job.id) },
    );
  };
  const clientOptions = [
    { value: FROM_ARCHIVE, label: 'The archive’s client (matched by name, else created)' },
    ...(clients.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>Import a mission archive</Text>}
      closeButtonProps={{ 'aria-label': 'Close the import dialog' }}
      size="xl"
      centered
    >
      <Stack gap="md" data-testid="archive-import-dialog">
        {jobId ? (
          <>
            <ImportJob jobId={jobId} onOpen={onClose} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={reset} data-testid="archive-import-again">
                Import another
              </Button>
              <Button variant="default" onClick={onClose} data-testid="archive-import-close">
                Close
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              The ZIP a mission’s “Archive” button downloads, from this instance or another. It
              becomes a new mission; people are matched by email, detection levels by key, and every
              file is checked against its SHA-256 before anything is written.
            </Text>
            <FileButton onChange={setFile} accept=".zip,application/zip">
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  leftSection={<IconFileZip size={16} />}
                  data-testid="archive-import-choose"
                >
                  {file ? `${file.name} (${formatBytes(file.size)})` : 'Choose a .zip archive'}
                </Button>
              )}
            </FileButton>
            <Select
              label="Client"
              data={clientOptions}
              value={clientId}
              onChange={(v) => setClientId(v ?? FROM_ARCHIVE)}
              allowDeselect={false}
              data-testid="archive-import-client"
            />
            {upload.isPending && (
              <Stack gap={4} data-testid="archive-upload-progress">
                <Progress value={Math.round(sent * 100)} size="lg" aria-label="Upload progress" />
                <Text size="xs" c="dimmed">
                  Uploading… {Math.round(sent * 100)}%
                </Text>
              </Stack>
            )}
            {upload.isError && <ErrorAlert error={upload.error} title="The upload was refused" />}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                leftSection={<IconUpload size={16} />}
                onClick={start}
                loading={upload.isPending}
                disabled={!file}
                data-testid="archive-import-start"
              >
                Import
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** Follows the import job: its progress, then the report (or why the archive was refused). */
function ImportJob({ jobId, onOpen }: { jobId: string; onOpen: () => void }) {
  const job = useJob(jobId);
  useRefreshMissionsWhenDone(job.data);
  if (job.isError) return <ErrorAlert error={job.error} title="Cannot follow the import job" />;
  const data = job.data;
  if (!data || isJobActive(data.status)) return <JobProgress job={data} />;
  if (data.status !== 'succeeded') {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title="The archive was not imported"
        data-testid="archive-job-error"
      >
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {data.error ?? 'No reason was recorded.'}
        </Text>
      </Alert>
    );
  }
  const parsed = ReportSchema.safeParse(data.result);
  if (!parsed.success) {
    return (
      <Text size="sm" data-testid="archive-report">
        The import finished, but its report does not match the API contract.
      </Text>
    );
  }
  return <ArchiveImportReport report={parsed.data} onOpen={onOpen} />;
}

function useRefreshMissionsWhenDone(job: Job | undefined) {
  const queryClient = useQueryClient();
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!job || job.status !== 'succeeded' || handled.current === job.id) return;
    handled.current = job.id;
    void queryClient.invalidateQueries({ queryKey: queryKeys.missions.all });
    void queryClient.invalidateQueries({ queryKey: queryKeys.clients.all });
  }, [job, queryClient]);
}

function JobProgress({ job }: { job: Job | undefined }) {
  const done = job?.progress.done ?? 0;
  const total = job?.progress.total ?? null;
  const known = total !== null && total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : 100;
  return (
    <Stack gap={6} data-testid="archive-job-progress" data-status={job?.status ?? 'starting'}>
      <Progress value={percent} animated striped={!known} size="lg" aria-label="Import progress" />
      <Text size="sm">
        {job?.progress.message ??
          (job?.status === 'running' ? 'Importing…' : 'Waiting for a worker…')}
      </Text>
      <Text size="xs" c="dimmed">
        The import runs on the server: closing this dialog does not stop it.
      </Text>
    </Stack>
  );
}
