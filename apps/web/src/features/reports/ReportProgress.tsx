import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { Report } from '@metamorph/contract';
import { IconCheck, IconDownload } from '@tabler/icons-react';
import { useJob } from '../../api/system';
import { reportContentPath, useReport } from '../../api/reports';
import { formatBytes } from '../../lib/format';
import { FORMAT_LABELS } from './ReportHistory';

/** Follows a report being written (its job's progress) and offers the download at the end. */
export function ReportProgress(props: {
  report: Report;
  jobId: string | null;
  onDone: () => void;
}) {
  const report = useReport(props.report.id);
  const job = useJob(props.jobId);
  const r = report.data ?? props.report;
  const done = job.data?.progress.done ?? 0;
  const total = job.data?.progress.total ?? null;
  const percent = r.status === 'succeeded' ? 100 : total ? Math.round((done / total) * 100) : 0;
  return (
    <Stack gap="md" data-testid="report-progress" data-status={r.status}>
      <Text size="sm">
        {FORMAT_LABELS[r.format]} report of this mission:{' '}
        {r.status === 'succeeded'
          ? 'ready.'
          : r.status === 'failed'
            ? 'failed.'
            : (job.data?.progress.message ?? 'waiting for a worker…')}
      </Text>
      <Progress
        value={percent}
        animated={r.status === 'running' || r.status === 'queued'}
        aria-label="Report progress"
        color={r.status === 'failed' ? 'red' : undefined}
      />
      {r.status === 'failed' && (
        <Alert color="red" title="The report was not written">
          {r.error ?? job.data?.error ?? 'Unknown error'}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="subtle" onClick={props.onDone} data-testid="report-close">
          Close
        </Button>
        {r.status === 'succeeded' && (
          <Button
            component="a"
            href={reportContentPath(r.id)}
            download
            leftSection={<IconDownload size={16} />}
            rightSection={<IconCheck size={14} />}
            data-testid="report-ready-download"
          >
            Download ({r.size_bytes === null ? '' : formatBytes(r.size_bytes)})
          </Button>
        )}
      </Group>
    </Stack>
  );
}
