import {
  ActionIcon,
  Anchor,
  Group,
  Image,
  Paper,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { Evidence } from '@metamorph/contract';
import { IconDownload, IconFile, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { PREVIEW_MIMES, evidenceContentUrl } from '../../api/evidence';
import { formatDateTime } from '../../lib/format';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One evidence file: preview (images), name, size, who and when, inline caption, delete. */
export function EvidenceItem({
  evidence: ev,
  canEdit,
  onCaption,
  onDelete,
}: {
  evidence: Evidence;
  canEdit: boolean;
  onCaption: (caption: string | null) => void;
  onDelete: () => void;
}) {
  const [caption, setCaption] = useState(ev.caption ?? '');
  const [seen, setSeen] = useState(ev.caption);
  if (seen !== ev.caption) {
    setSeen(ev.caption);
    setCaption(ev.caption ?? '');
  }
  const commit = () => {
    const next = caption.trim() === '' ? null : caption.trim();
    if (next !== (ev.caption ?? null)) onCaption(next);
  };
  const image = PREVIEW_MIMES.includes(ev.mime);
  return (
    <Paper
      withBorder
      radius="sm"
      p={6}
      data-testid="evidence-item"
      data-side={ev.side}
      data-name={ev.original_filename}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Anchor
          href={evidenceContentUrl(ev.id, image)}
          target="_blank"
          rel="noopener"
          style={{ flex: 'none' }}
        >
          {image ? (
            <Image
              src={evidenceContentUrl(ev.id, true)}
              alt={ev.caption ?? ev.original_filename}
              w={120}
              h={76}
              fit="cover"
              radius="xs"
              data-testid="evidence-preview"
            />
          ) : (
            <Group
              w={120}
              h={76}
              justify="center"
              style={{ background: 'var(--mantine-color-default-hover)', borderRadius: 4 }}
            >
              <IconFile size={22} color="var(--mantine-color-dimmed)" />
            </Group>
          )}
        </Anchor>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={4} wrap="nowrap" justify="space-between">
            <Text size="xs" fw={600} ff="monospace" truncate="end" title={ev.original_filename}>
              {ev.original_filename}
            </Text>
            <Group gap={0} wrap="nowrap" style={{ flex: 'none' }}>
              <Tooltip label="Download">
                <ActionIcon
                  component="a"
                  href={evidenceContentUrl(ev.id)}
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Download ${ev.original_filename}`}
                >
                  <IconDownload size={14} />
                </ActionIcon>
              </Tooltip>
              {canEdit && (
                <Tooltip label="Delete">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="sm"
                    onClick={onDelete}
                    aria-label={`Delete ${ev.original_filename}`}
                    data-testid="evidence-delete"
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          </Group>
          <Text size="xs" c="dimmed" truncate="end">
            {size(ev.size_bytes)} · {ev.uploaded_by_display_name ?? 'unknown'} ·{' '}
            {formatDateTime(ev.uploaded_at)}
          </Text>
          {canEdit ? (
            <TextInput
              size="xs"
              variant="unstyled"
              placeholder="Add a caption…"
              value={caption}
              onChange={(e) => setCaption(e.currentTarget.value)}
              onBlur={commit}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.currentTarget.blur();
                if (e.key === 'Escape') setCaption(ev.caption ?? '');
              }}
              aria-label={`Caption of ${ev.original_filename}`}
              styles={{
                input: {
                  borderBottom: '1px dashed var(--mantine-color-default-border)',
                  height: 22,
                  minHeight: 22,
                },
              }}
              data-testid="evidence-caption"
            />
          ) : (
            ev.caption && (
              <Text size="xs" data-testid="evidence-caption-text">
                {ev.caption}
              </Text>
            )
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
