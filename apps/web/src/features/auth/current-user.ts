import type { Me, Permission } from '@metamorph/contract';
import { createContext, useContext } from 'react';

/** The signed-in user; provided by the auth guard around every signed-in page. */
export const CurrentUserContext = createContext<Me | null>(null);

export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser() outside the auth guard');
  return me;
}

/** Whether the signed-in user holds `permission` (the server still enforces it). */
export function useCan(permission: Permission): boolean {
  return useCurrentUser().permissions.includes(permission);
}

const AUTH_PAGES = ['/login', '/change-password'];

/**
 * Where to go after signing in: only a same-origin path of this app (no
 * `//host`, no `\`, no scheme), never back to an auth page.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  const path = next.split(/[?#]/)[0] ?? '';
  if (AUTH_PAGES.includes(path)) return '/';
  return next;
}

export function withNext(page: string, next: string): string {
  return next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`;
}
