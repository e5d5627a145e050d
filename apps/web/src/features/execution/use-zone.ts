import { useHotkeys } from '@mantine/hooks';
import type { MissionTestDetail } from '@metamorph/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { conflictCurrent, executionKeys, useUpdateTest, type TestPatch } from '../../api/execution';
import {
  RED_ZONE_FIELDS,
  BLUE_ZONE_FIELDS,
  afterSave,
  discard,
  draftOf,
  edit,
  isDirty,
  mergeServer,
  pendingPatch,
  valueOf,
  type Draft,
  type FieldValue,
  type Values,
  type ZoneField,
} from './draft-model';
import { flaggedChanges, serverChanges, type ChangeRow, type Display } from './execution-model';

const ALL_FIELDS: readonly ZoneField[] = [...RED_ZONE_FIELDS, ...BLUE_ZONE_FIELDS];

export interface ZoneConflict {
  rows: ChangeRow[];
  /** Where it came from: the server refused a stale save (409), or a live refresh. */
  source: 'server' | 'live';
}

export interface Zone<F extends ZoneField> {
  value: (f: F) => FieldValue;
  text: (f: F) => string;
  set: (f: F, v: FieldValue) => void;
  /** The server's value of a field the server changed under the user's edit. */
  conflictOf: (f: F) => FieldValue | undefined;
  dirty: boolean;
  saving: boolean;
  error: unknown;
  save: () => void;
  /** Sets one field and saves it alone now (the attack clock's buttons). */
  commit: (f: F, v: FieldValue) => void;
  conflict: ZoneConflict | null;
  reapply: () => void;
  discardMine: () => void;
  closeConflict: () => void;
}

/**
 * A zone's editing state: unsaved edits survive live refreshes (merged field by field), saves
 * send only changed fields with If-Match, and a conflict (409, or a field the server changed
 * under an edit) opens the dialog instead of overwriting anything.
 */
export function useZone<F extends ZoneField>(
  detail: MissionTestDetail,
  fields: readonly F[],
  options: { enabled: boolean; display: Display },
): Zone<F> {
  const queryClient = useQueryClient();
  const update = useUpdateTest(detail.mission_id, detail.id);
  const [draft, setDraft] = useState<Draft<F>>(() => draftOf(detail, fields));
  const [seen, setSeen] = useState(detail);
  const [conflict, setConflict] = useState<ZoneConflict | null>(null);
  const [error, setError] = useState<unknown>(null);

  // A newer detail (live event, refetch, a write of the other zone): merge it in.
  if (seen !== detail) {
    setSeen(detail);
    setDraft((d) => mergeServer(d, detail, fields));
  }

  const send = (
    patch: Partial<Values<F>>,
    version: number,
    mine: Partial<Values<F>>,
    retried = false,
  ) => {
    setError(null);
    update.mutate(
      { patch: patch as TestPatch, version },
      {
        onSuccess: (saved) => setDraft((d) => afterSave(d, patch, saved, fields)),
        onError: (e) => {
          const current = conflictCurrent(e);
          if (!current) {
            setError(e);
            return;
          }
          const rows = serverChanges(detail, current, ALL_FIELDS, mine, options.display);
          // Nothing of mine was changed by the other writer: nothing to overwrite, send again.
          if (!retried && !rows.some((r) => r.clash)) {
            send(patch, current.version, mine, true);
            return;
          }
          setConflict({ rows, source: 'server' });
          // The draft merges the server's version in; the user's edits stay, flagged.
          queryClient.setQueryData(executionKeys.test(current.mission_id, current.id), current);
        },
      },
    );
  };

  const save = () => {
    if (!options.enabled || update.isPending) return;
    const patch = pendingPatch(draft);
    if (Object.keys(patch).length === 0) return;
    if (Object.keys(draft.conflicts).length > 0) {
      setConflict({
        rows: flaggedChanges(draft.conflicts, draft.edits, options.display),
        source: 'live',
      });
      return;
    }
    send(patch, draft.version, draft.edits);
  };

  useHotkeys([['mod+S', save]], []);

  return {
    value: (f) => valueOf(draft, f),
    text: (f) => {
      const v = valueOf(draft, f);
      return typeof v === 'string' ? v : '';
    },
    set: (f, v) => setDraft((d) => edit(d, f, v)),
    conflictOf: (f) =>
      Object.prototype.hasOwnProperty.call(draft.conflicts, f)
        ? (draft.conflicts[f] ?? null)
        : undefined,
    dirty: isDirty(draft),
    saving: update.isPending,
    error,
    save,
    commit: (f, v) => {
      if (!options.enabled) return;
      const next = edit(draft, f, v);
      setDraft(next);
      const patch = { [f]: v } as Partial<Values<F>>;
      send(patch, draft.version, { ...next.edits });
    },
    conflict,
    reapply: () => {
      setConflict(null);
      const patch = pendingPatch(draft);
      if (Object.keys(patch).length > 0) send(patch, draft.version, draft.edits);
    },
    discardMine: () => {
      setConflict(null);
      const current =
        queryClient.getQueryData<MissionTestDetail>(
          executionKeys.test(detail.mission_id, detail.id),
        ) ?? detail;
      setDraft(discard(current, fields));
    },
    closeConflict: () => setConflict(null),
  };
}
