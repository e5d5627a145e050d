import { Alert, Button, FileInput, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DETTECT_MAX_BYTES } from '@metamorph/contract';
import { IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import { describeError } from '../../api/describe-error';
import { useImportDettect } from '../../api/dettect';

/** A DeTT&CT techniques-administration file (YAML) as the client's claimed coverage. */
export function ImportDettectDialog({
  clientId,
  opened,
  onClose,
}: {
  clientId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const importer = useImportDettect(clientId);
  const error = importer.error ? describeError(importer.error) : null;
  const close = () => {
    importer.reset();
    setFile(null);
    setTooBig(false);
    onClose();
  };
  const submit = async () => {
    if (!file) return;
    if (file.size > DETTECT_MAX_BYTES) {
      setTooBig(true);
      return;
    }
    setTooBig(false);
    importer.mutate(
      { file_name: file.name, content: await file.text() },
      {
        onSuccess: (c) => {
          notifications.show({
            color: 'teal',
            message: `${c.file_name}: ${c.techniques.length} claimed techniques`,
          });
          close();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="Import a DeTT&CT file">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          A techniques-administration file (version 1.2). Each technique&apos;s claimed detection
          score is the highest, over its applicable_to entries, of the latest score_logbook score.
          The import replaces the client&apos;s previous claims.
        </Text>
        <FileInput
          label="Techniques administration file"
          placeholder="techniques-administration.yaml"
          accept=".yaml,.yml,application/yaml,text/yaml"
          leftSection={<IconFileImport size={16} />}
          value={file}
          onChange={setFile}
          data-testid="dettect-file"
        />
        {tooBig && (
          <Alert color="red" title="File too large">
            DeTT&CT files are read up to 5 MiB.
          </Alert>
        )}
        {error && (
          <Alert color="red" title={error.title} data-testid="dettect-import-error">
            {error.fields.length > 0 ? (
              <List size="sm" spacing={2}>
                {error.fields.slice(0, 20).map((f) => (
                  <List.Item key={`${f.path}:${f.message}`}>
                    {f.path}: {f.message}
                  </List.Item>
                ))}
              </List>
            ) : (
              error.detail
            )}
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
            data-testid="dettect-import"
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
