import { Alert, Button, Group, Modal, Progress, ScrollArea, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FindingDraftResult } from '@metamorph/contract';
import { IconCheck, IconSparkles } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useAcceptFindings, useDraftFindings } from '../../api/findings';
import { useJob } from '../../api/system';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ProposalCard } from './ProposalCard';
import { acceptBody, mergeProposals, type ProposalDraft } from './finding-model';

/**
 * Drafts findings from the mission's reviewed gaps (a job, its progress shown), then lets the
 * lead edit, merge or drop each proposal. Nothing is created until "Create N findings".
 */
export function DraftReviewDialog({
  missionId,
  onClose,
}: {
  missionId: string;
  onClose: () => void;
}) {
  const draft = useDraftFindings(missionId);
  const accept = useAcceptFindings(missionId);
  const job = useJob(draft.data?.job.id);
  const [proposals, setProposals] = useState<ProposalDraft[] | null>(null);
  const [stats, setStats] = useState<{ reviewed: number; gaps: number } | null>(null);

  // One draft per opening (StrictMode runs effects twice in development).
  const started = useRef(false);
  const start = draft.mutate;
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  }, [start]);

  useEffect(() => {
    if (job.data?.status !== 'succeeded' || proposals !== null) return;
    const result = FindingDraftResult.safeParse(job.data.result);
    if (!result.success) return;
    setStats({ reviewed: result.data.reviewed, gaps: result.data.gaps });
    setProposals(result.data.proposals.map((p) => ({ ...p, keep: true })));
  }, [job.data, proposals]);

  const status = job.data?.status ?? (draft.isError ? 'failed' : 'queued');
  const total = job.data?.progress.total ?? null;
  const percent = total ? Math.round(((job.data?.progress.done ?? 0) / total) * 100) : 0;
  const kept = proposals?.filter((p) => p.keep).length ?? 0;

  const patch = (key: string, change: Partial<ProposalDraft>) =>
    setProposals((list) => list?.map((p) => (p.key === key ? { ...p, ...change } : p)) ?? null);

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={<Text fw={600}>Draft findings from the gaps</Text>}
      scrollAreaComponent={ScrollArea.Autosize}
    >
      <Stack gap="md" data-testid="draft-dialog" data-status={proposals ? 'review' : status}>
        {draft.isError && <ErrorAlert error={draft.error} title="No draft could start" />}
        {!draft.isError && proposals === null && (
          <Stack gap="xs" data-testid="draft-progress">
            <Text size="sm">
              {status === 'failed'
                ? 'The draft failed.'
                : (job.data?.progress.message ?? 'Reading the reviewed tests…')}
            </Text>
            <Progress
              value={status === 'succeeded' ? 100 : percent}
              animated={status !== 'failed'}
              color={status === 'failed' ? 'red' : undefined}
              aria-label="Draft progress"
            />
            {status === 'failed' && (
              <Alert color="red" title="Nothing was drafted">
                {job.data?.error ?? 'Unknown error'}
              </Alert>
            )}
          </Stack>
        )}
        {proposals && stats && (
          <Text size="sm" className="mm-muted" data-testid="draft-stats">
            {stats.gaps} gap{stats.gaps === 1 ? '' : 's'} among {stats.reviewed} reviewed test
            {stats.reviewed === 1 ? '' : 's'}, grouped by technique and gap reason. Edit, merge or
            untick before creating: nothing is saved until then.
          </Text>
        )}
        {proposals?.length === 0 && (
          <EmptyState icon={IconCheck} title="No gap to report">
            Every reviewed test met its expectation or was detected.
          </EmptyState>
        )}
        {proposals?.map((p) => (
          <ProposalCard
            key={p.key}
            proposal={p}
            others={proposals.filter((o) => o.key !== p.key)}
            onChange={(c) => patch(p.key, c)}
            onMerge={(from) => setProposals((list) => list && mergeProposals(list, p.key, from))}
          />
        ))}
        {accept.isError && <ErrorAlert error={accept.error} title="No finding was created" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-testid="draft-cancel">
            {proposals ? 'Discard draft' : 'Cancel'}
          </Button>
          {proposals && proposals.length > 0 && (
            <Button
              leftSection={<IconSparkles size={16} />}
              disabled={kept === 0}
              loading={accept.isPending}
              onClick={() =>
                accept.mutate(acceptBody(proposals), {
                  onSuccess: (r) => {
                    notifications.show({
                      color: 'teal',
                      message: `${r.items.length} finding${r.items.length === 1 ? '' : 's'} created`,
                    });
                    onClose();
                  },
                })
              }
              data-testid="draft-accept"
            >
              Create {kept} finding{kept === 1 ? '' : 's'}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
