import * as oidc from 'openid-client';
import type { OidcEnv } from '../../../env.js';

export interface OidcClientOptions {
  /** Tests only: routes the client's HTTP requests (discovery, token, userinfo). */
  fetch?: oidc.CustomFetch;
  /** Plain-http issuers are accepted only on loopback addresses, or when this is set. */
  allowHttp?: boolean;
}

export interface CodeExchange {
  /** The callback URL as the browser reached it (redirect URI + query). */
  callbackUrl: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The OpenID Connect relying party. Discovery happens at first use, not at start (the app
 * must start while the provider is down); its result is cached for the process, and a
 * failed discovery is retried by the next sign-in.
 */
export class OidcClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(
    readonly settings: OidcEnv,
    private readonly options: OidcClientOptions = {},
  ) {}

  configuration(): Promise<oidc.Configuration> {
    this.discovered ??= this.discover().catch((err: unknown) => {
      this.discovered = undefined;
      throw err;
    });
    return this.discovered;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const url = new URL(issuer);
    const insecure = url.protocol === 'http:';
    if (insecure && !this.options.allowHttp && !LOOPBACK.has(url.hostname)) {
      throw new Error(`OIDC_ISSUER must use https (http is accepted for loopback only): ${issuer}`);
    }
    const execute = insecure ? [oidc.allowInsecureRequests] : [];
    const auth = clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None();
    const config = await oidc.discovery(url, clientId, undefined, auth, {
      execute,
      timeout: 10,
      ...(this.options.fetch ? { [oidc.customFetch]: this.options.fetch } : {}),
    });
    if (this.options.fetch) config[oidc.customFetch] = this.options.fetch;
    return config;
  }

  async authorizationUrl(params: {
    redirectUri: string;
    state: string;
    nonce: string;
    codeVerifier: string;
  }): Promise<URL> {
    const config = await this.configuration();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: params.redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      state: params.state,
      nonce: params.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(params.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Exchanges the code (state, nonce, PKCE, issuer, audience, signature and expiry are
   * checked by openid-client) and returns the ID token claims merged with UserInfo.
   */
  async exchange(input: CodeExchange): Promise<oidc.JsonObject> {
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(config, input.callbackUrl, {
      expectedState: input.state,
      expectedNonce: input.nonce,
      pkceCodeVerifier: input.codeVerifier,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the provider returned no ID token');
    let info: oidc.JsonObject = {};
    if (config.serverMetadata().userinfo_endpoint) {
      // The UserInfo subject must be the ID token's (checked by openid-client).
      info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    }
    // The ID token's protocol claims win over UserInfo.
    return { ...info, ...(idClaims as oidc.JsonObject) };
  }
}

export const newState = oidc.randomState;
export const newNonce = oidc.randomNonce;
export const newCodeVerifier = oidc.randomPKCECodeVerifier;
