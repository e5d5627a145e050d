import { Alert, Button, Divider, Stack } from '@mantine/core';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import { OidcStatus, SSO_ERROR_MESSAGES, SsoErrorCode } from '@metamorph/contract';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { apiGet } from '../../api/client';
import { queryKeys } from '../../api/keys';

/**
 * "Sign in with SSO" when the server has an OpenID provider configured (a full-page
 * navigation to `/api/auth/oidc/start`), and the reason of a refused SSO sign-in
 * (`/login?sso_error=<code>`).
 */
export function SsoButton({ next }: { next: string }) {
  const [params] = useSearchParams();
  const status = useQuery({
    queryKey: queryKeys.oidcConfig(),
    queryFn: ({ signal }) => apiGet('/api/auth/oidc', OidcStatus, { signal }),
    staleTime: 5 * 60_000,
  });
  const code = SsoErrorCode.safeParse(params.get('sso_error'));
  const error = code.success ? SSO_ERROR_MESSAGES[code.data] : null;
  if (!status.data?.enabled && !error) return null;
  const href = `/api/auth/oidc/start${next === '/' ? '' : `?return_to=${encodeURIComponent(next)}`}`;
  return (
    <Stack gap="md" data-testid="sso">
      {error && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="Single sign-on failed"
          role="alert"
          data-testid="sso-error"
          data-code={code.data}
        >
          {error}
        </Alert>
      )}
      {status.data?.enabled && (
        <>
          <Divider label="or" labelPosition="center" />
          <Button
            component="a"
            href={href}
            variant="default"
            fullWidth
            leftSection={<IconKey size={18} />}
            data-testid="sso-button"
          >
            Sign in with {status.data.label}
          </Button>
        </>
      )}
    </Stack>
  );
}
