import { Alert, Button, FileButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useImportLayer } from '../../api/missions-plan';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LayerImportReport } from './LayerImportReport';
import { parseLayerText } from './plan-model';

interface Picked {
  name: string;
  layer: unknown;
}

/** Plans a new scenario from an ATT&CK Navigator layer file: one test per live technique. */
export function ImportLayerDialog({
  missionId,
  opened,
  onClose,
}: {
  missionId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const importLayer = useImportLayer(missionId);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const close = () => {
    setPicked(null);
    setFileError(null);
    importLayer.reset();
    onClose();
  };
  const pick = (file: File | null) => {
    importLayer.reset();
    setPicked(null);
    setFileError(null);
    if (!file) return;
    void file.text().then((text) => {
      const parsed = parseLayerText(text);
      if (parsed.ok) setPicked({ name: file.name, layer: parsed.layer });
      else setFileError(parsed.error);
    });
  };
  const result = importLayer.data;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>Import an ATT&CK Navigator layer</Text>}
      size="lg"
    >
      <Stack gap="md" data-testid="layer-import">
        {result ? (
          <LayerImportReport result={result} />
        ) : (
          <>
            <Text size="sm" c="dimmed">
              A layer file (.json, Navigator 4.x) becomes a new scenario named after the layer: one
              test per enabled technique, copied from the first library test tagged with it, or a
              bare test to write. Unknown, revoked and deprecated ids are left out and listed.
            </Text>
            <Group gap="sm">
              <FileButton onChange={pick} accept=".json,application/json">
                {(props) => (
                  <Button
                    {...props}
                    variant="default"
                    leftSection={<IconUpload size={16} />}
                    data-testid="layer-file"
                  >
                    Choose a layer file
                  </Button>
                )}
              </FileButton>
              {picked && (
                <Text size="sm" ff="monospace" data-testid="layer-file-name">
                  {picked.name}
                </Text>
              )}
            </Group>
            {fileError && (
              <Alert color="red" variant="light" data-testid="layer-file-error">
                {fileError}
              </Alert>
            )}
            {importLayer.isError && (
              <ErrorAlert error={importLayer.error} title="The layer was not imported" />
            )}
          </>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close} data-testid="layer-import-close">
            {result ? 'Done' : 'Cancel'}
          </Button>
          {!result && (
            <Button
              leftSection={<IconFileImport size={16} />}
              disabled={!picked}
              loading={importLayer.isPending}
              onClick={() => picked && importLayer.mutate(picked.layer)}
              data-testid="layer-import-submit"
            >
              Import
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
