import type { UseQueryResult } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { QueryState } from './QueryState';

interface EditorRouteProps<T extends { id: string }> {
  /** The `:id` route parameter; absent on the `/new` route. */
  id: string | undefined;
  /** The document's query (disabled by its hook when `id` is absent). */
  query: UseQueryResult<T>;
  rows?: number;
  /** The form: `doc` null for a new document; `reload` refetches and remounts it. */
  children: (doc: T | null, reload?: () => Promise<void>) => ReactNode;
}

/**
 * `/x/new` and `/x/:id/edit` in one: a new document renders the form at once; an existing one
 * waits for its query, and "reload" (after a 409) refetches it and remounts the form so its
 * state starts again from the stored version.
 */
export function EditorRoute<T extends { id: string }>({
  id,
  query,
  rows = 6,
  children,
}: EditorRouteProps<T>) {
  const [revision, setRevision] = useState(0);
  if (!id) return <>{children(null)}</>;
  return (
    <QueryState query={query} rows={rows} card>
      {(doc) => (
        <Fragment key={`${doc.id}:${revision}`}>
          {children(doc, async () => {
            await query.refetch();
            setRevision((r) => r + 1);
          })}
        </Fragment>
      )}
    </QueryState>
  );
}
