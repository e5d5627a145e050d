import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import { AttackDomain, type AttackRelease } from '@metamorph/contract';
import { IconGridDots, IconHistory, IconUsersGroup } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useAttackMatrix, useAttackReleases } from '../../../api/attack';
import { ApiError } from '../../../api/errors';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingRows } from '../../../components/LoadingRows';
import { PageHeader } from '../../../components/PageHeader';
import { formatRelative } from '../../../lib/format';
import { useCan } from '../../auth/current-user';
import { usePageTitle } from '../../shell/usePageTitle';
import { domainLabel, techniquePath } from '../attack-ids';
import { AttackMatrix } from './AttackMatrix';
import { allCells, filterMatrix, type MatrixView } from './matrix-filter';
import { ExpandButtons, MatrixToolbar, type MatrixOptions } from './MatrixToolbar';

/** Current releases' domains, Enterprise first. */
function currentDomains(releases: readonly AttackRelease[] | undefined): AttackDomain[] {
  const set = new Set(releases?.filter((r) => r.current).map((r) => r.domain));
  return AttackDomain.options.filter((d) => set.has(d));
}

/** The matrix browser. Every filter lives in the URL so a view can be shared. */
export function MatrixPage() {
  usePageTitle('ATT&CK matrix');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const releases = useAttackReleases();
  const domains = currentDomains(releases.data?.items);
  const parsedDomain = AttackDomain.safeParse(params.get('domain'));
  const options: MatrixOptions = {
    domain: parsedDomain.success ? parsedDomain.data : (domains[0] ?? 'enterprise-attack'),
    q: params.get('q') ?? '',
    platform: params.get('platform') || null,
    revoked: params.get('revoked') === '1',
    deprecated: params.get('deprecated') === '1',
    onlyMatches: params.get('only') === '1',
  };
  const [expanded, setExpanded] = useState<ReadonlyMap<string, boolean>>(new Map());
  const update = (patch: Partial<MatrixOptions>) => {
    const next = { ...options, ...patch };
    // A new search decides again which cells open (those with a matching sub-technique).
    if (next.q !== options.q) setExpanded(new Map());
    const search = new URLSearchParams();
    if (parsedDomain.success || patch.domain) search.set('domain', next.domain);
    if (next.q) search.set('q', next.q);
    if (next.platform) search.set('platform', next.platform);
    if (next.revoked) search.set('revoked', '1');
    if (next.deprecated) search.set('deprecated', '1');
    if (next.onlyMatches) search.set('only', '1');
    setParams(search, { replace: true });
  };

  const matrix = useAttackMatrix({
    domain: options.domain,
    includeRevoked: options.revoked,
    includeDeprecated: options.deprecated,
  });
  const view = useMemo(
    () =>
      filterMatrix(matrix.data?.tactics ?? [], { query: options.q, platform: options.platform }),
    [matrix.data, options.q, options.platform],
  );
  const toggle = (key: string, open: boolean) =>
    setExpanded((prev) => new Map(prev).set(key, open));
  const expandAll = (open: boolean) => setExpanded(allCells(view, open));

  const openSingleMatch = () => {
    const [only, ...rest] = view.matchIds;
    if (only && rest.length === 0) void navigate(techniquePath(only));
  };

  const release = matrix.data?.release ?? null;
  const notImported =
    (matrix.isSuccess && release === null) ||
    (matrix.error instanceof ApiError && matrix.error.status === 404);

  return (
    <Stack gap="lg" data-testid="matrix-page">
      <PageHeader
        eyebrow="MITRE ATT&CK"
        title={`${domainLabel(options.domain)} matrix`}
        description={release ? <ReleaseLine release={release} view={view} /> : undefined}
        actions={
          <>
            <Button
              component={Link}
              to="/attack/groups"
              variant="default"
              leftSection={<IconUsersGroup size={16} />}
            >
              Groups
            </Button>
            <Button
              component={Link}
              to="/attack/releases"
              variant="default"
              leftSection={<IconHistory size={16} />}
            >
              Releases
            </Button>
          </>
        }
      />
      {notImported ? (
        <NotImported />
      ) : matrix.isError ? (
        <ErrorAlert error={matrix.error} onRetry={() => void matrix.refetch()} />
      ) : matrix.isPending ? (
        <Card>
          <LoadingRows rows={8} />
        </Card>
      ) : (
        <>
          <MatrixToolbar
            value={options}
            onChange={update}
            domains={domains}
            platforms={matrix.data.platforms}
            onSubmitSearch={openSingleMatch}
          />
          <Group justify="space-between" gap="xs" mb={-8}>
            <MatchLine view={view} query={options.q} onOpen={openSingleMatch} />
            <ExpandButtons onExpandAll={expandAll} />
          </Group>
          <AttackMatrix
            view={view}
            expanded={expanded}
            onToggle={toggle}
            onlyMatches={options.onlyMatches}
          />
        </>
      )}
    </Stack>
  );
}

function ReleaseLine({ release, view }: { release: AttackRelease; view: MatrixView }) {
  return (
    <span data-testid="matrix-release">
      ATT&CK v{release.version} · imported {formatRelative(release.imported_at)} ·{' '}
      {view.columns.length} tactics · {view.techniqueCount} techniques · {view.subtechniqueCount}{' '}
      sub-techniques
    </span>
  );
}

function MatchLine({
  view,
  query,
  onOpen,
}: {
  view: MatrixView;
  query: string;
  onOpen: () => void;
}) {
  if (!view.searching) {
    return (
      <Text size="xs" c="dimmed">
        Click a technique to open it; the number on a cell shows its sub-techniques.
      </Text>
    );
  }
  const count = view.matchIds.length;
  return (
    <Text size="sm" c={count === 0 ? 'orange' : 'dimmed'} data-testid="matrix-match-count">
      {count === 0
        ? `No technique matches “${query.trim()}”.`
        : `${count} match${count === 1 ? '' : 'es'}`}
      {count === 1 && (
        <>
          {' · '}
          <Anchor component="button" size="sm" onClick={onOpen} data-testid="matrix-open-match">
            open {view.matchIds[0]} (Enter)
          </Anchor>
        </>
      )}
    </Text>
  );
}

function NotImported() {
  const canSync = useCan('attack.sync');
  return (
    <Card>
      <EmptyState icon={IconGridDots} title="No ATT&CK release imported yet" testId="matrix-empty">
        {canSync
          ? 'Import the MITRE ATT&CK bundle — from a file or from a URL — to browse the matrix.'
          : 'An administrator with the attack.sync permission has to import the MITRE ATT&CK bundle first.'}
      </EmptyState>
      {canSync && (
        <Group justify="center" pb="md">
          <Button component={Link} to="/admin/attack" data-testid="matrix-go-sync">
            Import ATT&CK
          </Button>
        </Group>
      )}
    </Card>
  );
}
