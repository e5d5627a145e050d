import { useHotkeys } from '@mantine/hooks';
import type { MissionTestDetail, ToolResultInput } from '@metamorph/contract';
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
  hasConflicts,
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
import { toolFlaggedChanges, toolServerChanges } from './tool-changes';
import {
  editTool,
  pendingTools,
  toolValue,
  type ToolDraft,
  type ToolRow,
  type ToolRowField,
} from './tool-draft';

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
  /** A defence tool's row (server values with the user's edits). */
  tool: (toolId: string) => ToolRow;
  setTool: <K extends ToolRowField>(toolId: string, field: K, value: ToolRow[K]) => void;
  /** The server's row of a tool the server changed under the user's edits. */
  toolConflict: (toolId: string) => ToolRow | undefined;
  /** Every tool's row as shown (for the live suggestion). */
  toolRows: (toolIds: readonly string[]) => ToolRow[];
}

/** What a zone's validation reads: the values as the user has them now. */
export interface ZoneView<F extends ZoneField> {
  value: (f: F) => FieldValue;
  toolRows: (toolIds: readonly string[]) => ToolRow[];
}

const viewOf = <F extends ZoneField>(d: Draft<F>): ZoneView<F> => ({
  value: (f) => valueOf(d, f),
  toolRows: (ids) => ids.map((id) => toolValue(d.tools, id)),
});

/** The error shown when a zone's own rule blocks a save (e.g. a missing override reason). */
export class BlockedSave extends Error {}

interface Outgoing<F extends ZoneField> {
  patch: Partial<Values<F>>;
  tools: ToolResultInput[];
  version: number;
  mine: Partial<Values<F>>;
  mineTools: ToolDraft;
}

function body<F extends ZoneField>(o: Outgoing<F>): TestPatch {
  return (o.tools.length ? { ...o.patch, tool_results: o.tools } : o.patch) as TestPatch;
}

/**
 * A zone's editing state: unsaved edits survive live refreshes (merged field by field), saves
 * send only changed fields with If-Match, and a conflict (409, or a field the server changed
 * under an edit) opens the dialog instead of overwriting anything.
 */
export function useZone<F extends ZoneField>(
  detail: MissionTestDetail,
  fields: readonly F[],
  options: {
    enabled: boolean;
    display: Display;
    /** Why the draft may not be saved as it is (shown instead of saving); null when it may. */
    validate?: (view: ZoneView<F>) => string | null;
  },
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

  const send = (out: Outgoing<F>, retried = false) => {
    setError(null);
    update.mutate(
      { patch: body(out), version: out.version },
      {
        onSuccess: (saved) => setDraft((d) => afterSave(d, out.patch, saved, fields, out.tools)),
        onError: (e) => {
          const current = conflictCurrent(e);
          if (!current) {
            setError(e);
            return;
          }
          const rows = [
            ...serverChanges(detail, current, ALL_FIELDS, out.mine, options.display),
            ...toolServerChanges(detail, current, out.mineTools),
          ].sort((a, b) => Number(b.clash) - Number(a.clash));
          // Nothing of mine was changed by the other writer: nothing to overwrite, send again.
          if (!retried && !rows.some((r) => r.clash)) {
            send({ ...out, version: current.version }, true);
            return;
          }
          setConflict({ rows, source: 'server' });
          // The draft merges the server's version in; the user's edits stay, flagged.
          queryClient.setQueryData(executionKeys.test(current.mission_id, current.id), current);
        },
      },
    );
  };

  const outgoing = (d: Draft<F>): Outgoing<F> => ({
    patch: pendingPatch(d),
    tools: pendingTools(d.tools),
    version: d.version,
    mine: d.edits,
    mineTools: d.tools,
  });

  const save = () => {
    if (!options.enabled || update.isPending) return;
    const out = outgoing(draft);
    if (Object.keys(out.patch).length === 0 && out.tools.length === 0) return;
    const blocked = options.validate?.(viewOf(draft)) ?? null;
    if (blocked) {
      setError(new BlockedSave(blocked));
      return;
    }
    if (hasConflicts(draft)) {
      setConflict({
        rows: [
          ...flaggedChanges(draft.conflicts, draft.edits, options.display),
          ...toolFlaggedChanges(detail, draft.tools),
        ],
        source: 'live',
      });
      return;
    }
    send(out);
  };

  useHotkeys([['mod+S', save]], []);

  return {
    value: (f) => valueOf(draft, f),
    text: (f) => {
      const v = valueOf(draft, f);
      return typeof v === 'string' ? v : '';
    },
    set: (f, v) => {
      setError((e: unknown) => (e instanceof BlockedSave ? null : e));
      setDraft((d) => edit(d, f, v));
    },
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
      send({
        patch,
        tools: [],
        version: draft.version,
        mine: { ...next.edits },
        mineTools: next.tools,
      });
    },
    conflict,
    reapply: () => {
      setConflict(null);
      const out = outgoing(draft);
      if (Object.keys(out.patch).length > 0 || out.tools.length > 0) send(out);
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
    tool: (id) => toolValue(draft.tools, id),
    setTool: (id, f, v) => {
      setError((e: unknown) => (e instanceof BlockedSave ? null : e));
      setDraft((d) => ({ ...d, tools: editTool(d.tools, id, f, v) }));
    },
    toolConflict: (id) => draft.tools.conflicts[id],
    toolRows: viewOf(draft).toolRows,
  };
}
