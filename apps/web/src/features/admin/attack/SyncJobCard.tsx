import { Alert, Anchor, Badge, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { AttackImportResult, type Job } from '@metamorph/contract';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { isJobActive, useJob } from '../../../api/system';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDuration } from '../../../lib/format';
import { domainLabel } from '../../attack/attack-ids';
import { countEntries, countText } from '../../attack/releases/release-diff';

const STATUS_COLORS: Record<Job['status'], string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'orange',
};

/** Follows an import job: progress while it runs, the release when it succeeds, the error when not. */
export function SyncJobCard({ jobId }: { jobId: string }) {
  const job = useJob(jobId);
  if (job.isError) return <ErrorAlert error={job.error} title="Cannot follow the import job" />;
  const data = job.data;
  return (
    <Card data-testid="sync-job" data-status={data?.status ?? 'loading'}>
      <Group justify="space-between" mb="sm">
        <Text fw={650}>Import job</Text>
        {data && (
          <Badge color={STATUS_COLORS[data.status]} variant="light" data-testid="sync-job-status">
            {data.status}
          </Badge>
        )}
      </Group>
      {!data ? (
        <Progress value={100} animated striped aria-label="Starting the import" />
      ) : isJobActive(data.status) ? (
        <JobProgress job={data} />
      ) : data.status === 'succeeded' ? (
        <JobSucceeded job={data} />
      ) : (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={data.status === 'cancelled' ? 'The import was cancelled' : 'The import failed'}
          data-testid="sync-job-error"
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {data.error ?? 'No reason was recorded.'}
          </Text>
          <Text size="xs" c="dimmed" mt="xs">
            The previous catalog is unchanged.
          </Text>
        </Alert>
      )}
    </Card>
  );
}

function JobProgress({ job }: { job: Job }) {
  const { done, total, message } = job.progress;
  const known = total !== null && total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : 100;
  const started = job.started_at ? Date.parse(job.started_at) : null;
  return (
    <Stack gap={6}>
      <Progress
        value={percent}
        animated
        striped={!known || job.status === 'queued'}
        size="lg"
        aria-label="Import progress"
        data-testid="sync-progress"
      />
      <Group justify="space-between">
        <Text size="sm" data-testid="sync-progress-message">
          {message ?? (job.status === 'queued' ? 'Waiting for a worker…' : 'Importing…')}
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
        The import runs on the server: closing this page does not stop it.
      </Text>
    </Stack>
  );
}

function JobSucceeded({ job }: { job: Job }) {
  const parsed = AttackImportResult.safeParse(job.result);
  const took =
    job.started_at && job.finished_at
      ? (Date.parse(job.finished_at) - Date.parse(job.started_at)) / 1000
      : null;
  if (!parsed.success) {
    return (
      <Text size="sm" data-testid="sync-done">
        The import finished, but its result does not match the API contract.
      </Text>
    );
  }
  const { release, changed } = parsed.data;
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconCircleCheck size={18} />}
      title={
        changed
          ? `Imported ${domainLabel(release.domain)} ATT&CK v${release.version}`
          : `${domainLabel(release.domain)} ATT&CK v${release.version} was already imported`
      }
      data-testid="sync-done"
      data-version={release.version}
    >
      <Stack gap="xs">
        <Text size="sm">
          {changed
            ? 'The catalog now shows this release.'
            : 'The bundle is identical to an imported release: nothing changed.'}
          {took !== null && took >= 0 ? ` Took ${formatDuration(Math.max(took, 1))}.` : ''}
        </Text>
        <Group gap={4}>
          {countEntries(release.counts).map((c) => (
            <Badge key={c.key} variant="default" size="sm" tt="none" fw={500}>
              {countText(c)}
            </Badge>
          ))}
        </Group>
        <Group gap="md">
          <Anchor component={Link} to="/attack" size="sm" data-testid="sync-open-matrix">
            Open the matrix
          </Anchor>
          <Anchor component={Link} to="/attack/releases" size="sm">
            Compare releases
          </Anchor>
        </Group>
      </Stack>
    </Alert>
  );
}
