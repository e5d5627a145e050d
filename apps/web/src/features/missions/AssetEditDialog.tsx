import { Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { AssetUpdate, DefenceLayer, MissionAsset } from '@metamorph/contract';
import { useState } from 'react';
import { useSaveAsset } from '../../api/missions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LAYER_LABELS } from '../library/labels';

const LAYERS = Object.entries(LAYER_LABELS).map(([value, label]) => ({ value, label }));

/** The changed fields of an asset only. */
export function assetPatch(
  asset: MissionAsset,
  f: { name: string; details: string; layer: DefenceLayer | null },
): AssetUpdate {
  const body: AssetUpdate = {};
  if (f.name.trim() !== asset.name) body.name = f.name.trim();
  const details = f.details.trim() || null;
  if (details !== asset.details) body.details = details;
  if (asset.kind === 'defence_tool' && f.layer !== asset.layer) body.layer = f.layer;
  return body;
}

/** Edits an asset's name, details and (defence tools) layer. */
export function AssetEditDialog({
  missionId,
  asset,
  onClose,
}: {
  missionId: string;
  asset: MissionAsset | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={asset !== null}
      onClose={onClose}
      title={<Text fw={600}>Edit the asset</Text>}
      centered
    >
      {asset && <AssetForm key={asset.id} missionId={missionId} asset={asset} onClose={onClose} />}
    </Modal>
  );
}

function AssetForm({
  missionId,
  asset,
  onClose,
}: {
  missionId: string;
  asset: MissionAsset;
  onClose: () => void;
}) {
  const save = useSaveAsset(missionId);
  const [name, setName] = useState(asset.name);
  const [details, setDetails] = useState(asset.details ?? '');
  const [layer, setLayer] = useState<DefenceLayer | null>(asset.layer);
  const body = assetPatch(asset, { name, details, layer });
  const changed = Object.keys(body).length > 0;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && changed)
          save.mutate({ assetId: asset.id, body }, { onSuccess: onClose });
      }}
    >
      <Stack gap="md" data-testid="asset-edit">
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={name.trim() ? undefined : 'must not be empty'}
          data-autofocus
          data-testid="asset-edit-name"
        />
        <Textarea
          label="Details"
          placeholder="IP, hostname, notes…"
          autosize
          minRows={2}
          maxRows={6}
          value={details}
          onChange={(e) => setDetails(e.currentTarget.value)}
          data-testid="asset-edit-details"
        />
        {asset.kind === 'defence_tool' && (
          <Select
            label="Layer"
            data={LAYERS}
            value={layer}
            onChange={(v) => setLayer(v as DefenceLayer | null)}
            comboboxProps={{ withinPortal: false }}
            data-testid="asset-edit-layer"
          />
        )}
        {save.isError && <ErrorAlert error={save.error} title="The asset did not change" />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={save.isPending}
            disabled={!name.trim() || !changed}
            data-testid="asset-edit-save"
          >
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
