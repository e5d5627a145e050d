import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { ExecutionImportReport, type ExecutionImportRow } from '@metamorph/contract';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconFileUpload, IconPlayerPlay, IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useImportCaldera, useImportExecution } from '../../api/automation';
import { queryKeys } from '../../api/keys';
import { isJobActive, useJob } from '../../api/system';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatBytes } from '../../lib/format';
import { CalderaSource, type CalderaTarget } from './CalderaSource';
import { ExecutionReportView } from './ExecutionReportView';

interface Props {
  missionId: string;
  opened: boolean;
  onClose: () => void;
}

/**
 * "Import results": ATTiRe, Invoke-AtomicRedTeam CSV or Caldera report files, or an operation
 * fetched from a Caldera server → dry run or import, then the per-procedure report; a conflict
 * is resolved one by one by re-applying that procedure with overwrite (the files, or the
 * Caldera server and key, stay in the dialog until it closes).
 */
export function ImportResultsDialog({ missionId, opened, onClose }: Props) {
  const [mode, setMode] = useState<'files' | 'caldera'>('files');
  const [caldera, setCaldera] = useState<CalderaTarget | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [createUnmatched, setCreateUnmatched] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [resolving, setResolving] = useState<string | null>(null);
  const [report, setReport] = useState<ExecutionImportReport | null>(null);
  const onReport = (next: ExecutionImportReport) => {
    setReport((prev) => {
      if (!resolving || !prev) return next;
      // One procedure re-applied: its row replaces the old one, the rest stay as they were.
      const fresh = new Map(next.rows.map((r) => [`${r.file}#${r.index}`, r]));
      const rows = prev.rows.map((r) => fresh.get(`${r.file}#${r.index}`) ?? r);
      const totals = { ...prev.totals };
      for (const k of Object.keys(totals) as (keyof typeof totals)[])
        totals[k] = rows.filter((r) => r.outcome === k).length;
      return { ...prev, rows, totals, applied: prev.applied || next.applied };
    });
    setResolving(null);
  };
  const [sent, setSent] = useState(0);
  const upload = useImportExecution(missionId);
  const fromCaldera = useImportCaldera(missionId);
  const sending = mode === 'files' ? upload : fromCaldera;
  const ready = mode === 'files' ? files.length > 0 : caldera !== null;
  const start = (dryRun: boolean, extra: { overwrite?: boolean; only?: string[] } = {}) => {
    setSent(0);
    if (mode === 'caldera') {
      if (!caldera) return;
      fromCaldera.mutate(
        {
          ...caldera,
          create_unmatched: createUnmatched,
          overwrite: extra.overwrite ?? false,
          dry_run: dryRun,
          ...(extra.only ? { only: extra.only } : {}),
        },
        { onSuccess: ({ job }) => setJobId(job.id), onError: () => setResolving(null) },
      );
      return;
    }
    upload.mutate(
      {
        files,
        createUnmatched,
        overwrite: extra.overwrite ?? false,
        dryRun,
        only: extra.only,
        onProgress: setSent,
      },
      { onSuccess: ({ job }) => setJobId(job.id) },
    );
  };
  const overwrite = (row: ExecutionImportRow) => {
    const key = `${row.file}#${row.index}`;
    setResolving(key);
    start(false, { overwrite: true, only: [key] });
  };
  const close = () => {
    setFiles([]);
    setJobId(null);
    setReport(null);
    setResolving(null);
    setCaldera(null);
    upload.reset();
    fromCaldera.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>Import execution results</Text>}
      closeButtonProps={{ 'aria-label': 'Close the import dialog' }}
      size="80rem"
      centered
    >
      <Stack gap="md" data-testid="import-results-dialog">
        <Text size="sm" c="dimmed">
          ATTiRe logs (Invoke-AtomicRedTeam’s Attire-ExecutionLogger), its CSV execution log, or a
          Caldera operation report — as files or straight from a Caldera server. Each procedure is
          matched to a test by its Atomic guid, else by a technique exactly one test carries; only
          red fields nobody has filled are written. A differing value is shown as a conflict, never
          overwritten silently.
        </Text>
        <SegmentedControl
          value={mode}
          onChange={(v) => {
            setMode(v === 'caldera' ? 'caldera' : 'files');
            setReport(null);
            setJobId(null);
          }}
          data={[
            { value: 'files', label: 'Log files' },
            { value: 'caldera', label: 'From Caldera' },
          ]}
          style={{ alignSelf: 'flex-start' }}
          data-testid="import-results-mode"
        />
        {mode === 'caldera' && <CalderaSource missionId={missionId} onTarget={setCaldera} />}
        <Group gap="sm" align="center">
          {mode === 'files' && (
            <FileButton
              onChange={(f) => setFiles(f)}
              accept=".json,.csv,application/json,text/csv"
              multiple
            >
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  leftSection={<IconFileUpload size={16} />}
                  data-testid="import-results-choose"
                >
                  {files.length
                    ? `${files.length} file${files.length > 1 ? 's' : ''} (${formatBytes(files.reduce((n, f) => n + f.size, 0))})`
                    : 'Choose log files'}
                </Button>
              )}
            </FileButton>
          )}
          <Checkbox
            label="Create ad hoc tests for procedures no test matches"
            checked={createUnmatched}
            onChange={(e) => setCreateUnmatched(e.currentTarget.checked)}
            data-testid="import-results-create-unmatched"
          />
        </Group>
        {upload.isPending && (
          <Progress value={Math.round(sent * 100)} size="sm" aria-label="Upload progress" />
        )}
        {sending.isError && <ErrorAlert error={sending.error} title="The import was refused" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            Close
          </Button>
          <Button
            variant="light"
            leftSection={<IconSearch size={16} />}
            disabled={!ready}
            loading={sending.isPending && !resolving}
            onClick={() => start(true)}
            data-testid="import-results-dry-run"
          >
            Dry run
          </Button>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            disabled={!ready}
            loading={sending.isPending && !resolving}
            onClick={() => start(false)}
            data-testid="import-results-start"
          >
            Import
          </Button>
        </Group>
        {jobId && (
          <ImportJob
            key={jobId}
            jobId={jobId}
            missionId={missionId}
            onReport={onReport}
            onFailed={() => setResolving(null)}
          />
        )}
        {report && (
          <ExecutionReportView
            missionId={missionId}
            report={report}
            onOverwrite={report.dry_run ? undefined : overwrite}
            overwriting={resolving}
          />
        )}
      </Stack>
    </Modal>
  );
}

/** Follows one import job: progress, then hands its report up (or shows why it failed). */
function ImportJob(props: {
  jobId: string;
  missionId: string;
  onReport: (report: ExecutionImportReport) => void;
  onFailed: () => void;
}) {
  const job = useJob(props.jobId);
  const qc = useQueryClient();
  const handled = useRef<string | null>(null);
  const { onReport, onFailed, missionId } = props;
  const data = job.data;
  const parsed = data?.status === 'succeeded' ? ExecutionImportReport.safeParse(data.result) : null;
  useEffect(() => {
    if (!data || isJobActive(data.status) || handled.current === data.id) return;
    handled.current = data.id;
    if (parsed?.success) {
      onReport(parsed.data);
      void qc.invalidateQueries({ queryKey: queryKeys.mission(missionId) });
    } else onFailed();
  }, [data, parsed, onReport, onFailed, qc, missionId]);
  if (job.isError) return <ErrorAlert error={job.error} title="Cannot follow the import job" />;
  if (!data || isJobActive(data.status)) {
    return (
      <Stack gap={4} data-testid="import-results-progress">
        <Progress value={100} animated striped size="lg" aria-label="Import progress" />
        <Text size="sm">{data?.progress.message ?? 'Waiting for a worker…'}</Text>
      </Stack>
    );
  }
  if (data.status !== 'succeeded') {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title="Nothing was imported"
        data-testid="import-results-error"
      >
        <Text size="sm">{data.error ?? 'No reason was recorded.'}</Text>
      </Alert>
    );
  }
  if (parsed && !parsed.success)
    return (
      <Text size="sm">The import finished, but its report does not match the API contract.</Text>
    );
  return null;
}
