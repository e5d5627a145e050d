import { Card, Stack } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';
import { LoadingRows } from './LoadingRows';

interface QueryStateProps<T> {
  query: QueryLike<T>;
  /** Skeleton lines while loading. */
  rows?: number;
  /** Wraps the skeleton in a card (pages whose content is a card). */
  card?: boolean;
  /** Shown instead of `children` when the data is empty by this test. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

type QueryLike<T> = Pick<UseQueryResult<T>, 'isError' | 'isPending' | 'error' | 'data' | 'refetch'>;

/**
 * What a query shows before it has data: the error with a retry button, else skeleton rows.
 * For pages that return early: `if (q.data === undefined) return <QueryFallback query={q} />`.
 */
export function QueryFallback<T>({
  query,
  rows = 3,
  card = false,
  padded = false,
}: {
  query: QueryLike<T>;
  rows?: number;
  card?: boolean;
  /** Inside a table card: keep the card's padding around the alert or the skeleton. */
  padded?: boolean;
}) {
  const inner = query.isError ? (
    <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
  ) : (
    <LoadingRows rows={rows} />
  );
  if (padded) return <Stack p="md">{inner}</Stack>;
  return card && !query.isError ? <Card>{inner}</Card> : inner;
}

/**
 * The loading / error / empty / data blocks every query renders: an error with a retry
 * button, skeleton rows while pending, the empty state, else the children with the data.
 */
export function QueryState<T>({
  query,
  rows = 3,
  card = false,
  isEmpty,
  empty,
  children,
}: QueryStateProps<T>) {
  if (query.isError || query.data === undefined)
    return <QueryFallback query={query} rows={rows} card={card} />;
  if (isEmpty?.(query.data) && empty !== undefined) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
