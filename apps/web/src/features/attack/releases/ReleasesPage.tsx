import { QueryFallback } from '../../../components/QueryState';
import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import type { AttackRelease } from '@metamorph/contract';
import { IconArrowsExchange, IconHistory } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useAttackReleases, useReleaseDiff } from '../../../api/attack';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingRows } from '../../../components/LoadingRows';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { useCan } from '../../auth/current-user';
import { usePageTitle } from '../../shell/usePageTitle';
import { defaultDiffPair, releaseLabel, sortReleases } from './release-diff';
import { ReleaseDiffView } from './ReleaseDiffView';
import { ReleasesTable } from './ReleasesTable';

/** Imported releases and the diff between any two of them (picked pair kept in the URL). */
export function ReleasesPage() {
  usePageTitle('ATT&CK releases');
  const canSync = useCan('attack.sync');
  const releases = useAttackReleases();
  const sorted = sortReleases(releases.data?.items ?? []);

  return (
    <Stack gap="lg" data-testid="releases-page">
      <PageHeader
        eyebrow="MITRE ATT&CK"
        title="Releases"
        description="Every imported ATT&CK release is kept, so tests keep the tags they were planned with and you can see what a new release changes."
        actions={
          canSync && (
            <Button component={Link} to="/admin/attack" variant="default">
              Import a release
            </Button>
          )
        }
      />
      <Card p={0}>
        {releases.data === undefined ? (
          <QueryFallback query={releases} rows={3} padded />
        ) : sorted.length === 0 ? (
          <EmptyState icon={IconHistory} title="No release imported" testId="releases-empty">
            {canSync
              ? 'Import the ATT&CK bundle from the ATT&CK import page.'
              : 'An administrator has to import the ATT&CK bundle first.'}
          </EmptyState>
        ) : (
          <ReleasesTable releases={sorted} />
        )}
      </Card>
      {sorted.length > 0 && <DiffCard releases={sorted} />}
    </Stack>
  );
}

function DiffCard({ releases }: { releases: AttackRelease[] }) {
  const [params, setParams] = useSearchParams();
  const fallback = defaultDiffPair(releases);
  const known = (id: string | null) => (id && releases.some((r) => r.id === id) ? id : null);
  const from = known(params.get('from')) ?? fallback?.from ?? null;
  const to = known(params.get('to')) ?? fallback?.to ?? null;
  const diff = useReleaseDiff(from, to);

  const pick = (key: 'from' | 'to', value: string | null) => {
    const next = new URLSearchParams(params);
    next.set('from', from ?? '');
    next.set('to', to ?? '');
    if (value) next.set(key, value);
    setParams(next, { replace: true });
  };
  const options = releases.map((r) => ({
    value: r.id,
    label: `${releaseLabel(r)} · ${formatDateTime(r.imported_at)}`,
  }));
  const swap = () => setParams({ from: to ?? '', to: from ?? '' }, { replace: true });

  return (
    <Card data-testid="release-diff-card">
      <Title order={2} fz="md" mb="sm">
        Compare releases
      </Title>
      <Group align="flex-end" gap="sm" mb="md">
        <Select
          label="From (older)"
          data={options}
          value={from}
          onChange={(v) => pick('from', v)}
          allowDeselect={false}
          w={380}
          data-testid="diff-from"
        />
        <Button
          variant="subtle"
          onClick={swap}
          aria-label="Swap the releases"
          disabled={!from || !to}
        >
          <IconArrowsExchange size={18} />
        </Button>
        <Select
          label="To (newer)"
          data={options}
          value={to}
          onChange={(v) => pick('to', v)}
          allowDeselect={false}
          w={380}
          data-testid="diff-to"
        />
      </Group>
      {releases.length < 2 ? (
        <Text size="sm" c="dimmed" data-testid="diff-need-two">
          Import a second release to see what changed between them.
        </Text>
      ) : !from || !to || from === to ? (
        <EmptyState icon={IconArrowsExchange} title="Pick two different releases" />
      ) : diff.isError ? (
        <ErrorAlert error={diff.error} onRetry={() => void diff.refetch()} />
      ) : diff.isPending ? (
        <LoadingRows rows={4} />
      ) : (
        <ReleaseDiffView key={`${from}:${to}`} diff={diff.data} />
      )}
    </Card>
  );
}
