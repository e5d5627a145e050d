import { useDocumentTitle } from '@mantine/hooks';

export const PRODUCT_NAME = 'Metamorph';

/** Sets `document.title` to "<page> · Metamorph" while the page is mounted. */
export function usePageTitle(page: string): void {
  useDocumentTitle(page ? `${page} · ${PRODUCT_NAME}` : PRODUCT_NAME);
}
