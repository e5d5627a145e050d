import { Skeleton, Stack } from '@mantine/core';

/** Placeholder lines while a list or form loads. */
export function LoadingRows({ rows = 3, height = 28 }: { rows?: number; height?: number }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading" data-testid="loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={height} width={`${100 - i * 8}%`} />
      ))}
    </Stack>
  );
}
