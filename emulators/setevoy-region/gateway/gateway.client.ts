import type { DiaryOidcSettings } from '../../shared/diary-oidc-client';
import type { VendorKey } from '../../shared/vendor-api.client';

/**
 * The gateway this installation signs in and links through: its address and this diary instance as a client
 * of its OpenID Provider (docs/sign-in-for-diaries.md). «Сетевой Регион» authenticates with
 * client_secret_basic.
 */
export interface GatewaySettings {
  /** Base URL of the gateway, e.g. http://127.0.0.1:3000 (its issuer is `<url>/oidc`). */
  url: string;
  /** The diary instance at the gateway, which is also its client_id. */
  instanceId: string;
  /** The client's authentication at the provider: its client secret. */
  oidc?: Pick<DiaryOidcSettings, 'clientSecret' | 'privateKey'>;
  /**
   * The installation's key at the gateway's vendor API: with it, the diary's own password form asks the
   * password-login decision before letting anyone in (docs/vendor-api.md); without it, passwords decide alone.
   */
  vendorKey?: VendorKey;
}
