import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { TEST_STATE_LABELS, type TestState } from '@metamorph/contract';
import { useState } from 'react';
import type { StateAction } from './execution-model';

const COLOURS: Partial<Record<TestState, string>> = {
  executed: 'red',
  reviewed_by_blue: 'cyan',
  skipped: 'gray',
  blocked: 'orange',
  pending: 'gray',
};

/** The moves the caller may make from the current state; skipped / blocked ask for a reason. */
export function StateActions({
  actions,
  busy,
  onMove,
}: {
  actions: readonly StateAction[];
  busy: boolean;
  onMove: (to: TestState, reason?: string | null) => void;
}) {
  const [asking, setAsking] = useState<StateAction | null>(null);
  const [reason, setReason] = useState('');
  if (actions.length === 0) return null;
  return (
    <>
      <Group gap={6} data-testid="state-actions">
        {actions.map((a) => (
          <Button
            key={a.to}
            size="xs"
            variant={a.to === 'pending' || a.needsReason ? 'default' : 'light'}
            color={COLOURS[a.to] ?? 'gray'}
            loading={busy}
            onClick={() => {
              if (a.needsReason) {
                setReason('');
                setAsking(a);
              } else onMove(a.to);
            }}
            data-testid={`state-action-${a.to}`}
          >
            {a.label}
          </Button>
        ))}
      </Group>
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking ? `Mark as ${TEST_STATE_LABELS[asking.to]}` : ''}
        data-testid="state-reason-dialog"
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!asking) return;
            onMove(asking.to, reason.trim() || null);
            setAsking(null);
          }}
        >
          <Stack gap="sm">
            <Textarea
              label={asking?.to === 'blocked' ? 'Why could it not run?' : 'Why is it skipped?'}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={3}
              data-autofocus
              required
              data-testid="state-reason"
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setAsking(null)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!reason.trim()} data-testid="state-reason-submit">
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
