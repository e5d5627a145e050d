import { Box, Group, Progress, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Evidence, EvidenceSide } from '@metamorph/contract';
import { IconClipboard, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../api/describe-error';
import { useCaptionEvidence, useDeleteEvidence, useUploadEvidence } from '../../api/evidence';
import { EvidenceItem } from './EvidenceItem';
import { pastedFiles } from './evidence-model';
import { SectionLabel } from './ZoneFrame';

interface Upload {
  key: number;
  name: string;
  progress: number;
}

/**
 * A side's evidence: the files (image previews, captions), and for the side's writers a drop
 * area taking drag-and-drop, a file picker and paste from the clipboard.
 */
export function EvidencePanel({
  missionId,
  testId,
  side,
  evidence,
  canWrite,
  sendSide,
  pasteHere,
}: {
  missionId: string;
  testId: string;
  side: EvidenceSide;
  evidence: readonly Evidence[];
  canWrite: boolean;
  /** The uploader holds both sides: say which one. */
  sendSide: boolean;
  /** Pastes outside of both zones land here. */
  pasteHere: boolean;
}) {
  const upload = useUploadEvidence(missionId, testId);
  const caption = useCaptionEvidence(missionId, testId);
  const remove = useDeleteEvidence(missionId, testId);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);
  const files = evidence.filter((e) => e.side === side);

  const send = (list: readonly File[]) => {
    for (const file of list) {
      const key = ++seq.current;
      setUploads((u) => [...u, { key, name: file.name, progress: 0 }]);
      upload.mutate(
        {
          file,
          ...(sendSide ? { side } : {}),
          onProgress: (p) =>
            setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress: p } : x))),
        },
        {
          onSuccess: (r) => {
            if (r.duplicate)
              notifications.show({ color: 'gray', message: `${file.name} is already attached` });
          },
          onError: (e) => {
            const d = describeError(e);
            notifications.show({
              color: 'red',
              title: `${file.name} not uploaded`,
              message: d.detail,
            });
          },
          onSettled: () => setUploads((u) => u.filter((x) => x.key !== key)),
        },
      );
    }
  };
  const sendRef = useRef(send);
  sendRef.current = send;

  // Paste: files on the clipboard (screenshots) go to the zone the paste happened in.
  useEffect(() => {
    if (!canWrite) return;
    const onPaste = (e: ClipboardEvent) => {
      const target = e.target instanceof Element ? e.target.closest('[data-zone]') : null;
      const zone = target?.getAttribute('data-zone');
      if (zone ? zone !== side : !pasteHere) return;
      const pasted = pastedFiles(e.clipboardData, new Date());
      if (pasted.length === 0) return;
      e.preventDefault();
      sendRef.current(pasted);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [canWrite, side, pasteHere]);

  const colour = side === 'red' ? 'red' : 'cyan';
  return (
    <Stack gap={6} data-testid={`evidence-${side}`}>
      <Group justify="space-between">
        <SectionLabel>Evidence ({files.length})</SectionLabel>
      </Group>
      {canWrite && (
        <UnstyledButton
          onClick={() => input.current?.click()}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            send(Array.from(e.dataTransfer.files));
          }}
          data-testid={`evidence-drop-${side}`}
          data-over={over || undefined}
          aria-label={`Drop files, choose, or paste a screenshot as ${side} evidence`}
        >
          <Box
            p="sm"
            style={{
              border: `1.5px dashed var(--mantine-color-${colour}-${over ? 6 : 3})`,
              borderRadius: 'var(--mantine-radius-sm)',
              background: over ? `var(--mantine-color-${colour}-light)` : undefined,
              transition: 'background 120ms',
            }}
          >
            <Group gap="xs" justify="center" wrap="nowrap">
              <IconUpload size={16} color={`var(--mantine-color-${colour}-6)`} />
              <Text size="xs" c="dimmed">
                Drop files,{' '}
                <Text span c={`var(--mm-text-${colour})`} fw={600} fz="xs">
                  choose
                </Text>
                , or paste a screenshot
              </Text>
              <IconClipboard size={14} color="var(--mantine-color-dimmed)" />
            </Group>
          </Box>
        </UnstyledButton>
      )}
      <input
        ref={input}
        type="file"
        multiple
        hidden
        onChange={(e) => {
          send(Array.from(e.currentTarget.files ?? []));
          e.currentTarget.value = '';
        }}
        data-testid={`evidence-input-${side}`}
      />
      {uploads.map((u) => (
        <Stack gap={2} key={u.key} data-testid="evidence-uploading">
          <Text size="xs" ff="monospace" truncate="end">
            {u.name}
          </Text>
          <Progress value={u.progress * 100} size="sm" color={colour} animated={u.progress >= 1} />
        </Stack>
      ))}
      {files.length === 0 && uploads.length === 0 && !canWrite && (
        <Text size="xs" c="dimmed">
          No evidence yet.
        </Text>
      )}
      <SimpleGrid cols={1} spacing={6} verticalSpacing={6}>
        {files.map((ev) => (
          <EvidenceItem
            key={ev.id}
            evidence={ev}
            canEdit={canWrite}
            onCaption={(c) => caption.mutate({ id: ev.id, caption: c })}
            onDelete={() => remove.mutate(ev.id)}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
