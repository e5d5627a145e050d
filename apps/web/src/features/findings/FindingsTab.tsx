import { Alert, Anchor, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import type { Finding, FindingSeverity, FindingStatus, Mission } from '@metamorph/contract';
import { IconFlag, IconPlus, IconRepeat, IconSparkles } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useFindings } from '../../api/findings';
import { useMissionLive } from '../../api/live';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';
import { CompareLink } from './CompareLink';
import { DraftReviewDialog } from './DraftReviewDialog';
import { FindingDetails } from './FindingDetails';
import { FindingEditor } from './FindingEditor';
import { FindingsExportMenu } from './FindingsExportMenu';
import { FindingsSummary } from './FindingsSummary';
import { FindingsTable } from './FindingsTable';
import { RetestDialog } from './RetestDialog';
import { RetestMissions } from './RetestMissions';
import {
  FINDING_STATUS_META,
  SEVERITIES,
  SEVERITY_META,
  filterFindings,
  type FindingFilter,
} from './finding-model';

type Dialog =
  { kind: 'edit'; finding: Finding | null } | { kind: 'draft' } | { kind: 'retest' } | null;

/**
 * The mission's "Findings" tab: the gaps turned into tracked fixes, kept live; leads draft them
 * from the reviewed gaps, edit them and send chosen ones to a retest.
 */
export function FindingsTab({ mission }: { mission: Mission }) {
  useMissionLive(mission.id, null);
  const findings = useFindings(mission.id);
  const [filter, setFilter] = useState<FindingFilter>({ status: null, severity: null });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog>(null);
  const lead = mission.can_manage;
  const items = findings.data?.items ?? [];
  const shown = filterFindings(items, filter);
  const chosen = items.filter((f) => selected.has(f.id));
  const latest = (f: Finding | null) => (f ? (items.find((x) => x.id === f.id) ?? null) : null);
  // `?finding=<id>` (links from the coverage page and heat maps) opens that finding once.
  const [params, setParams] = useSearchParams();
  const linked = params.get('finding');
  useEffect(() => {
    if (!linked || !findings.data) return;
    const found = findings.data.items.find((f) => f.id === linked);
    if (found) setDialog({ kind: 'edit', finding: found });
    setParams(
      (p) => {
        p.delete('finding');
        return p;
      },
      { replace: true },
    );
  }, [linked, findings.data, setParams]);

  const select = (ids: string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });

  return (
    <Stack gap="lg" data-testid="findings-tab">
      {mission.retest_of_mission_id && (
        <Alert
          color="purple"
          variant="light"
          icon={<IconRepeat size={18} />}
          data-testid="retest-banner"
        >
          This mission retests findings of{' '}
          <Anchor component={Link} to={`/missions/${mission.retest_of_mission_id}?tab=findings`}>
            the original mission
          </Anchor>
          . Blue’s reviews here close them or mark them retest failed.
        </Alert>
      )}
      <RetestMissions missionId={mission.id} />
      <Card p="lg">
        <Stack gap="md">
          <Group justify="space-between" align="flex-end">
            <div>
              <Title order={2} fz="lg">
                Findings
              </Title>
              <Text size="sm" className="mm-muted">
                Detection gaps with a recommendation, an owner and a due date.
              </Text>
              {items.length > 0 && (
                <Stack mt="xs">
                  <FindingsSummary items={items} />
                </Stack>
              )}
            </div>
            <Group gap="sm">
              <CompareLink mission={mission} />
              <FindingsExportMenu mission={mission} />
              {lead && (
                <>
                  <Button
                    variant="default"
                    leftSection={<IconSparkles size={16} />}
                    onClick={() => setDialog({ kind: 'draft' })}
                    data-testid="findings-draft"
                  >
                    Draft from gaps
                  </Button>
                  <Button
                    leftSection={<IconPlus size={16} />}
                    onClick={() => setDialog({ kind: 'edit', finding: null })}
                    data-testid="finding-new"
                  >
                    New finding
                  </Button>
                </>
              )}
            </Group>
          </Group>
          <Group gap="sm" justify="space-between">
            <Group gap="sm">
              <Select
                aria-label="Filter by status"
                placeholder="Any status"
                w={220}
                clearable
                data={[
                  { value: 'active', label: 'Not closed' },
                  ...(Object.keys(FINDING_STATUS_META) as FindingStatus[]).map((s) => ({
                    value: s,
                    label: FINDING_STATUS_META[s].label,
                  })),
                ]}
                value={filter.status}
                onChange={(v) =>
                  setFilter((f) => ({ ...f, status: (v as FindingFilter['status']) ?? null }))
                }
                data-testid="findings-filter-status"
              />
              <Select
                aria-label="Filter by severity"
                placeholder="Any severity"
                w={170}
                clearable
                data={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_META[s].label }))}
                value={filter.severity}
                onChange={(v) =>
                  setFilter((f) => ({ ...f, severity: (v as FindingSeverity | null) ?? null }))
                }
                data-testid="findings-filter-severity"
              />
              <Text size="sm" className="mm-muted" data-testid="findings-count">
                {shown.length} of {items.length}
              </Text>
            </Group>
            {lead && (
              <Button
                variant="light"
                leftSection={<IconRepeat size={16} />}
                disabled={chosen.length === 0}
                onClick={() => setDialog({ kind: 'retest' })}
                data-testid="findings-retest"
              >
                Retest{chosen.length ? ` ${chosen.length} selected` : ' selected'}
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
      <Card p={0}>
        {findings.isError ? (
          <Stack p="md">
            <ErrorAlert error={findings.error} onRetry={() => void findings.refetch()} />
          </Stack>
        ) : findings.isPending ? (
          <LoadingRows rows={4} />
        ) : items.length === 0 ? (
          <EmptyState icon={IconFlag} title="No finding yet" testId="findings-empty">
            {lead
              ? 'Once blue has reviewed tests, “Draft from gaps” proposes findings from the ones that missed.'
              : 'The leads record findings here once tests are reviewed.'}
          </EmptyState>
        ) : (
          <FindingsTable
            items={shown}
            selected={lead ? selected : null}
            onSelect={select}
            onOpen={(f) => setDialog({ kind: 'edit', finding: f })}
          />
        )}
      </Card>
      {dialog?.kind === 'edit' &&
        (lead ? (
          <FindingEditor
            key={dialog.finding?.id ?? 'new'}
            missionId={mission.id}
            finding={dialog.finding}
            latest={latest(dialog.finding)}
            onClose={() => setDialog(null)}
          />
        ) : (
          dialog.finding && (
            <FindingDetails finding={dialog.finding} onClose={() => setDialog(null)} />
          )
        ))}
      {dialog?.kind === 'draft' && (
        <DraftReviewDialog missionId={mission.id} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'retest' && (
        <RetestDialog mission={mission} findings={chosen} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}
