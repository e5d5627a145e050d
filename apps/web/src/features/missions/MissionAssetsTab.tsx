import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { DefenceLayer, type AssetKind, type Mission, type MissionAsset } from '@metamorph/contract';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../api/errors';
import { useAssets, useSaveAsset } from '../../api/missions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingRows } from '../../components/LoadingRows';
import { Section } from '../attack/AttackBits';
import { LAYER_LABELS } from '../library/labels';
import { AssetEditDialog } from './AssetEditDialog';

const KINDS: { kind: AssetKind; title: string; hint: string }[] = [
  { kind: 'source', title: 'Sources', hint: 'Where red attacks from' },
  { kind: 'target', title: 'Targets', hint: 'Hosts and services in scope' },
  { kind: 'account', title: 'Accounts', hint: 'Accounts red may use' },
  { kind: 'red_tool', title: 'Red tools', hint: 'C2, frameworks, scripts' },
  { kind: 'defence_tool', title: 'Defence tools', hint: 'What blue watches, by layer' },
];
const LAYERS = DefenceLayer.options.map((value) => ({ value, label: LAYER_LABELS[value] }));

/** The mission's assets, one table per kind; defence tools carry their layer. */
export function MissionAssetsTab({ mission }: { mission: Mission }) {
  const assets = useAssets(mission.id);
  const save = useSaveAsset(mission.id);
  const [editing, setEditing] = useState<MissionAsset | null>(null);
  if (assets.isError)
    return (
      <ErrorAlert
        error={assets.error}
        title={
          assets.error instanceof ApiError && assets.error.status === 404
            ? 'Assets are not available yet on this server'
            : undefined
        }
        onRetry={() => void assets.refetch()}
      />
    );
  if (assets.isPending)
    return (
      <Card>
        <LoadingRows rows={4} />
      </Card>
    );
  const items = assets.data.items;
  return (
    <Stack gap="lg" data-testid="mission-assets">
      {mission.can_manage && <AddAsset missionId={mission.id} />}
      {save.isError && <ErrorAlert error={save.error} />}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        {KINDS.map(({ kind, title, hint }) => {
          const rows = items.filter((a) => a.kind === kind);
          return (
            <Section key={kind} title={title} count={rows.length} testId={`assets-${kind}`}>
              {rows.length === 0 ? (
                <Text size="sm" c="dimmed">
                  None yet. {hint}.
                </Text>
              ) : (
                <AssetTable
                  rows={rows}
                  layered={kind === 'defence_tool'}
                  actions={
                    mission.can_manage
                      ? {
                          onEdit: setEditing,
                          onDelete: (a) => save.mutate({ assetId: a.id, body: null }),
                        }
                      : undefined
                  }
                />
              )}
            </Section>
          );
        })}
      </SimpleGrid>
      <AssetEditDialog missionId={mission.id} asset={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}

function AssetTable({
  rows,
  layered,
  actions,
}: {
  rows: MissionAsset[];
  layered: boolean;
  actions: { onEdit: (a: MissionAsset) => void; onDelete: (a: MissionAsset) => void } | undefined;
}) {
  return (
    <Table verticalSpacing={6}>
      <Table.Tbody>
        {rows.map((a) => (
          <Table.Tr key={a.id} data-testid="asset-row" data-name={a.name}>
            <Table.Td>
              <Text size="sm" fw={600}>
                {a.name}
              </Text>
              {a.details && (
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {a.details}
                </Text>
              )}
            </Table.Td>
            {layered && (
              <Table.Td w={120}>
                {a.layer && (
                  <Badge variant="light" color="blue" size="sm" tt="none">
                    {LAYER_LABELS[a.layer]}
                  </Badge>
                )}
              </Table.Td>
            )}
            {actions && (
              <Table.Td w={72}>
                <Group gap={0} wrap="nowrap" justify="flex-end">
                  <Tooltip label="Edit">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => actions.onEdit(a)}
                      aria-label={`Edit ${a.name}`}
                      data-testid="asset-edit-open"
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Remove">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => actions.onDelete(a)}
                      aria-label={`Remove ${a.name}`}
                      data-testid="asset-delete"
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function AddAsset({ missionId }: { missionId: string }) {
  const save = useSaveAsset(missionId);
  const [kind, setKind] = useState<AssetKind>('target');
  const [name, setName] = useState('');
  const [details, setDetails] = useState('');
  const [layer, setLayer] = useState<DefenceLayer | null>(null);
  const submit = () =>
    name.trim() &&
    save.mutate(
      {
        body: {
          kind,
          name: name.trim(),
          details: details.trim() || null,
          layer: kind === 'defence_tool' ? layer : null,
        },
      },
      {
        onSuccess: () => {
          setName('');
          setDetails('');
        },
      },
    );
  return (
    <Card data-testid="asset-add">
      <Stack gap="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Kind"
            data={KINDS.map((k) => ({ value: k.kind, label: k.title }))}
            value={kind}
            onChange={(v) => v && setKind(v as AssetKind)}
            allowDeselect={false}
            w={160}
            data-testid="asset-kind"
          />
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: '1 1 180px' }}
            data-testid="asset-name"
          />
          <TextInput
            label="Details"
            placeholder="IP, hostname, notes…"
            value={details}
            onChange={(e) => setDetails(e.currentTarget.value)}
            style={{ flex: '2 1 220px' }}
          />
          {kind === 'defence_tool' && (
            <Select
              label="Layer"
              data={LAYERS}
              value={layer}
              onChange={(v) => setLayer(v as DefenceLayer | null)}
              w={150}
              data-testid="asset-layer"
            />
          )}
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={submit}
            disabled={!name.trim()}
            loading={save.isPending}
            data-testid="asset-submit"
          >
            Add asset
          </Button>
        </Group>
        {save.isError && <ErrorAlert error={save.error} />}
      </Stack>
    </Card>
  );
}
