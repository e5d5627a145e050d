import { QueryFallback } from '../../../components/QueryState';
import {
  Anchor,
  Button,
  Card,
  FileInput,
  Grid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconCloudDownload, IconFileUpload, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAttackReleases, useAttackSync, type AttackSyncSource } from '../../../api/attack';
import { queryKeys } from '../../../api/keys';
import { useSettings } from '../../../api/settings';
import { isJobActive, useJob } from '../../../api/system';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../auth/current-user';
import { usePageTitle } from '../../shell/usePageTitle';
import { sortReleases } from '../../attack/releases/release-diff';
import { ReleasesTable } from '../../attack/releases/ReleasesTable';
import { SyncJobCard } from './SyncJobCard';

/** Import an ATT&CK release from a file or a URL, and follow the import job. */
export function AttackSyncPage() {
  usePageTitle('ATT&CK import');
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const sync = useAttackSync();
  const job = useJob(jobId);
  const busy =
    sync.isPending || (job.data ? isJobActive(job.data.status) : Boolean(jobId && job.isPending));
  const sending = sync.isPending ? sync.variables.kind : null;
  useRefreshCatalogWhenDone(job.data?.id, job.data?.status);

  const start = (source: AttackSyncSource) =>
    sync.mutate(source, {
      onSuccess: ({ job: accepted }) => setParams({ job: accepted.id }, { replace: true }),
    });

  return (
    <Stack gap="lg" data-testid="attack-sync-page">
      <PageHeader
        eyebrow="Administration"
        title="ATT&CK import"
        description="Import a MITRE ATT&CK release (STIX 2.0 or 2.1 bundle: Enterprise, ICS or Mobile). Metamorph never downloads it on its own; re-importing the same bundle changes nothing."
      />
      {sync.isError && <ErrorAlert error={sync.error} title="The import did not start" />}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <UploadCard busy={busy} sending={sending === 'file'} onStart={start} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <UrlCard busy={busy} sending={sending === 'url'} onStart={start} />
        </Grid.Col>
      </Grid>
      {jobId && <SyncJobCard jobId={jobId} />}
      <ImportedReleases />
    </Stack>
  );
}

/** When the followed job succeeds, every ATT&CK view (matrix, releases…) is stale. */
function useRefreshCatalogWhenDone(id: string | undefined, status: string | undefined) {
  const queryClient = useQueryClient();
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!id || status !== 'succeeded' || handled.current === id) return;
    handled.current = id;
    void queryClient.invalidateQueries({ queryKey: queryKeys.attack.all });
  }, [id, status, queryClient]);
}

interface SourceCardProps {
  /** An import is starting or running: no second one. */
  busy: boolean;
  /** This card's request is on its way (an upload can take a while). */
  sending: boolean;
  onStart: (source: AttackSyncSource) => void;
}

function UploadCard({ busy, sending, onStart }: SourceCardProps) {
  const [file, setFile] = useState<File | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) onStart({ kind: 'file', file });
  };
  return (
    <Card h="100%" component="form" onSubmit={submit} data-testid="sync-upload">
      <Title order={2} fz="md" mb={4}>
        Upload a bundle
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        For offline installs: a file such as{' '}
        <Text span ff="monospace" fz="xs">
          enterprise-attack-18.1.json
        </Text>{' '}
        from the mitre-attack/attack-stix-data repository.
      </Text>
      <Stack gap="sm">
        <FileInput
          label="STIX bundle (JSON)"
          placeholder="Choose a file…"
          accept="application/json,.json"
          leftSection={<IconFileUpload size={16} />}
          value={file}
          onChange={setFile}
          clearable
          data-testid="sync-file"
        />
        <Button
          type="submit"
          leftSection={<IconUpload size={16} />}
          disabled={!file || busy}
          loading={sending}
          data-testid="sync-upload-submit"
        >
          Upload and import
        </Button>
      </Stack>
    </Card>
  );
}

function UrlCard({ busy, sending, onStart }: SourceCardProps) {
  const canReadSettings = useCan('admin.settings');
  const settings = useSettings({ enabled: canReadSettings });
  const configured = settings.data?.['attack.source_url'] ?? '';
  const [url, setUrl] = useState<string | null>(null);
  const value = url ?? configured;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onStart({ kind: 'url', url: value.trim() || undefined });
  };
  return (
    <Card h="100%" component="form" onSubmit={submit} data-testid="sync-url">
      <Title order={2} fz="md" mb={4}>
        Sync from a URL
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        The server downloads the bundle. Leave empty to use the configured source
        {canReadSettings && (
          <>
            {' '}
            (
            <Anchor component={Link} to="/admin/settings" inherit underline="always">
              settings
            </Anchor>
            )
          </>
        )}
        .
      </Text>
      <Stack gap="sm">
        <TextInput
          label="Bundle URL"
          placeholder="https://…/enterprise-attack.json"
          type="url"
          value={value}
          onChange={(e) => setUrl(e.currentTarget.value)}
          data-testid="sync-url-input"
        />
        <Button
          type="submit"
          variant="light"
          leftSection={<IconCloudDownload size={16} />}
          disabled={busy}
          loading={sending}
          data-testid="sync-url-submit"
        >
          Sync from URL
        </Button>
      </Stack>
    </Card>
  );
}

function ImportedReleases() {
  const releases = useAttackReleases();
  const items = sortReleases(releases.data?.items ?? []);
  return (
    <Card p={0} data-testid="sync-releases">
      <Title order={2} fz="md" p="md" pb={0}>
        Imported releases
      </Title>
      {releases.data === undefined ? (
        <QueryFallback query={releases} rows={2} padded />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" p="md">
          None yet.
        </Text>
      ) : (
        <ReleasesTable releases={items} />
      )}
    </Card>
  );
}
