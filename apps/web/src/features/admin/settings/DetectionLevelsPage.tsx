import {
  ActionIcon,
  Badge,
  Button,
  Card,
  ColorSwatch,
  Group,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { DetectionLevel } from '@metamorph/contract';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useRerankLevels } from '../../../api/detection-levels';
import { useDetectionLevels } from '../../../api/execution';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingRows } from '../../../components/LoadingRows';
import { PageHeader } from '../../../components/PageHeader';
import { SortableItem, SortableList } from '../../missions/PlanSortable';
import { usePageTitle } from '../../shell/usePageTitle';
import { DeleteLevelDialog } from './DeleteLevelDialog';
import { LevelDialog } from './LevelDialog';
import { byRank, moveRank } from './level-ranks';

export const COUNTS_AS_LABELS: Record<DetectionLevel['counts_as'], string> = {
  none: 'none',
  logged: 'logged',
  alerted: 'alerted',
  prevented: 'prevented',
};
const COUNTS_AS_COLOURS: Record<DetectionLevel['counts_as'], string> = {
  none: 'gray',
  logged: 'yellow',
  alerted: 'blue',
  prevented: 'teal',
};

type Dialog = { kind: 'create' } | { kind: 'edit' | 'delete'; level: DetectionLevel } | null;

/** Admin: the detection levels (the outcomes blue picks), ranked by drag and drop. */
export function DetectionLevelsPage() {
  usePageTitle('Detection levels');
  const levels = useDetectionLevels();
  const rerank = useRerankLevels();
  const [dialog, setDialog] = useState<Dialog>(null);
  const items = byRank(levels.data?.items ?? []);

  const onMove = (activeId: string, overId: string) => {
    const changes = moveRank(items, activeId, overId);
    if (changes.length === 0) return;
    rerank.mutate(changes, {
      onSuccess: () =>
        notifications.show({ color: 'teal', message: 'Detection level order saved.' }),
    });
  };

  return (
    <Stack gap="xl" data-testid="detection-levels-page">
      <PageHeader
        eyebrow="Administration"
        title="Detection levels"
        description="The outcomes blue records for a test, lowest rank first. The suggested outcome is the highest-ranked level whose “counts as” the defence tools' results meet; “detection rate” counts alerted and prevented. Drag a row to change its rank."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setDialog({ kind: 'create' })}
            data-testid="level-create"
          >
            New level
          </Button>
        }
      />
      {levels.isError && <ErrorAlert error={levels.error} onRetry={() => void levels.refetch()} />}
      {rerank.isError && <ErrorAlert error={rerank.error} title="The new order was not saved" />}
      {!levels.data && !levels.isError ? (
        <Card>
          <LoadingRows rows={4} height={36} />
        </Card>
      ) : (
        <Stack gap={6} data-testid="level-list">
          <Group gap="sm" px="sm" wrap="nowrap" c="dimmed" fz="xs" fw={600} tt="uppercase">
            <Text w={28} fz="xs" fw={600}>
              #
            </Text>
            <Text w={28} fz="xs" fw={600} />
            <Text w={200} fz="xs" fw={600}>
              Level
            </Text>
            <Text w={100} fz="xs" fw={600}>
              Counts as
            </Text>
            <Text w={80} fz="xs" fw={600}>
              Coverage
            </Text>
            <Text fz="xs" fw={600} style={{ flex: 1 }}>
              Description
            </Text>
          </Group>
          <SortableList ids={items.map((l) => l.id)} onMove={onMove}>
            {items.map((l, i) => (
              <SortableItem
                key={l.id}
                id={l.id}
                sortable={!rerank.isPending}
                label={`Drag ${l.label} to change its rank`}
                testId="level-row"
                handleTestId="level-handle"
                name={l.key}
              >
                {(handle) => (
                  <Group gap="sm" p="xs" px="sm" wrap="nowrap">
                    <Text w={28} size="sm" c="dimmed" ta="center">
                      {i}
                    </Text>
                    <div style={{ width: 28 }}>{handle}</div>
                    <Group gap={8} w={200} wrap="nowrap">
                      <ColorSwatch color={l.colour} size={18} />
                      <div>
                        <Text size="sm" fw={600}>
                          {l.label}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {l.key}
                        </Text>
                      </div>
                    </Group>
                    <Badge w={100} variant="light" color={COUNTS_AS_COLOURS[l.counts_as]} tt="none">
                      {COUNTS_AS_LABELS[l.counts_as]}
                    </Badge>
                    <Text w={80} size="sm">
                      {l.coverage_score} %
                    </Text>
                    <Text size="sm" c="dimmed" lineClamp={2} style={{ flex: 1 }}>
                      {l.description ?? '—'}
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      <Tooltip label="Edit">
                        <ActionIcon
                          variant="subtle"
                          aria-label={`Edit ${l.label}`}
                          onClick={() => setDialog({ kind: 'edit', level: l })}
                          data-testid="level-edit"
                        >
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${l.label}`}
                          onClick={() => setDialog({ kind: 'delete', level: l })}
                          data-testid="level-delete"
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Group>
                )}
              </SortableItem>
            ))}
          </SortableList>
        </Stack>
      )}
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <LevelDialog
          levels={items}
          level={dialog.kind === 'edit' ? dialog.level : null}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteLevelDialog level={dialog.level} levels={items} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}
