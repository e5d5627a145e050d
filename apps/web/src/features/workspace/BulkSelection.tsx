import { Checkbox } from '@mantine/core';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

interface Selection {
  selected: ReadonlySet<string>;
  toggle(id: string): void;
  set(ids: readonly string[]): void;
  clear(): void;
}

const SelectionContext = createContext<Selection | null>(null);

/** Holds the plan's selected test ids for the bulk action bar; rows read it. */
export function BulkSelectionProvider({ children }: { children: ReactNode }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const value = useMemo<Selection>(
    () => ({
      selected,
      toggle: (id) =>
        setSelected((prev) => {
          const next = new Set(prev);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      set: (ids) => setSelected(new Set(ids)),
      clear: () => setSelected(new Set()),
    }),
    [selected],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

/** The selection, or null outside a provider (callers who may not bulk-edit). */
export const useBulkSelection = (): Selection | null => useContext(SelectionContext);

/** A row's checkbox; renders nothing outside a selection provider. */
export function TestSelectCheckbox({ id, name }: { id: string; name: string }) {
  const selection = useBulkSelection();
  if (!selection) return null;
  return (
    <Checkbox
      size="sm"
      checked={selection.selected.has(id)}
      onChange={() => selection.toggle(id)}
      aria-label={`Select “${name}”`}
      data-testid="plan-test-select"
      style={{ flex: 'none' }}
    />
  );
}
