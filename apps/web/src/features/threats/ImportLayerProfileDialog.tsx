import { Alert, Button, FileInput, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '../../api/describe-error';
import { useImportThreatLayer } from '../../api/threats';

/** A threat profile from a Navigator layer (a CTI team's "techniques that matter"). */
export function ImportLayerProfileDialog({
  clientId,
  opened,
  onClose,
}: {
  clientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const importer = useImportThreatLayer(clientId);
  const navigate = useNavigate();
  const error = importer.error ? describeError(importer.error) : null;
  const close = () => {
    importer.reset();
    setParseError(null);
    setFile(null);
    onClose();
  };
  const submit = async () => {
    if (!file) return;
    let layer: unknown;
    try {
      layer = JSON.parse(await file.text());
    } catch {
      setParseError(`${file.name} is not JSON: export the layer from the Navigator as JSON.`);
      return;
    }
    setParseError(null);
    importer.mutate(
      { layer, name: name.trim() || undefined },
      {
        onSuccess: (p) => {
          notifications.show({
            color: 'teal',
            message: `“${p.name}”: ${p.techniques.length} techniques`,
          });
          close();
          void navigate(`/clients/${clientId}/threats/${p.id}`);
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="Import a Navigator layer">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Every enabled technique scored above 0 (its score is its weight, at most 100) or without a
          score becomes part of the profile. Enterprise layers only.
        </Text>
        <FileInput
          label="Layer file"
          placeholder="layer.json"
          accept="application/json,.json"
          leftSection={<IconFileImport size={16} />}
          value={file}
          onChange={setFile}
          data-testid="threat-layer-file"
        />
        <TextInput
          label="Profile name"
          description="Default: the layer's name."
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        {(parseError || error) && (
          <Alert color="red" title={error?.title ?? 'Not a layer'}>
            {parseError ??
              (error?.fields.length
                ? error.fields.map((f) => `${f.path}: ${f.message}`).join('; ')
                : error?.detail)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            disabled={!file}
            loading={importer.isPending}
            onClick={() => void submit()}
            data-testid="threat-layer-import"
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
