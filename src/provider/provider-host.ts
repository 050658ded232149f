import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { PubSub, Unsubscribe } from '../core/ports/pub-sub.port';
import type { Logger } from '../logger';
import { createProvider, type ProviderDeps } from './create-provider';
import { PROVIDER_KEYS_CHANNEL } from './provider.settings';
import type { ProviderSigningKeys, SigningJwk } from './signing-keys';

/** A lost message still converges: every process reloads the keys this often. */
const KEY_RELOAD_MS = 60_000;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Holds the running provider and rebuilds it when the signing keys change (oidc-provider fixes its keystore
 * at construction). Sessions, codes and grants live in the shared store, so a rebuild loses nothing.
 */
export class ProviderHost {
  private current: { provider: Provider; handler: Handler; kids: string };
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: Unsubscribe | undefined;
  private stopResync: (() => void) | undefined;

  private constructor(
    private readonly deps: Omit<ProviderDeps, 'keys'>,
    private readonly keys: ProviderSigningKeys,
    private readonly logger: Logger,
    initial: readonly SigningJwk[],
  ) {
    this.current = this.build(initial);
  }

  /** Loads (or creates) the signing keys, builds the provider, and follows rotations. */
  static async start(
    deps: Omit<ProviderDeps, 'keys'>,
    keys: ProviderSigningKeys,
    pubsub: PubSub,
    logger: Logger,
  ): Promise<ProviderHost> {
    const host = new ProviderHost(deps, keys, logger, await keys.load());
    host.unsubscribe = await pubsub.subscribe(PROVIDER_KEYS_CHANNEL, () => void host.reload());
    // A rotation announced while the subscription was broken never arrives: read the keys again now.
    host.stopResync = pubsub.onResubscribed(() => void host.reload());
    host.timer = setInterval(() => void host.reload(), KEY_RELOAD_MS);
    host.timer.unref();
    return host;
  }

  get provider(): Provider {
    return this.current.provider;
  }

  /** The Node handler to mount under PROVIDER_PATH; always the current provider's. */
  readonly handle: Handler = (req, res) => this.current.handler(withoutResumeQuery(req), res);

  /** Re-reads the keys and rebuilds the provider if they changed. Never throws: a failed reload keeps the old. */
  async reload(): Promise<void> {
    try {
      const keys = await this.keys.load();
      if (kidsOf(keys) === this.current.kids) return;
      this.current = this.build(keys);
      this.logger.info({ kids: this.current.kids }, 'provider signing keys reloaded');
    } catch (err) {
      this.logger.warn({ err }, 'provider signing keys could not be reloaded; the current keys stay');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopResync?.();
    await this.unsubscribe?.();
  }

  private build(keys: readonly SigningJwk[]) {
    const provider = createProvider({ ...this.deps, keys });
    return { provider, handler: provider.callback() as Handler, kids: kidsOf(keys) };
  }
}

/**
 * The resume of an authorization (`GET /auth/:uid`, where an interaction returns) reads everything from the
 * stored interaction, never from the query. oidc-provider 9.13 answers a resume of an unknown interaction that
 * carries `client_id` of a one-redirect client with a TypeError (a 500) in its error handler, so the query is
 * dropped before the provider sees it: the answer is then its «session not found» page.
 */
function withoutResumeQuery(req: IncomingMessage): IncomingMessage {
  if (req.method === 'GET' && req.url && /^\/auth\/[^/?]+\?/.test(req.url)) req.url = req.url.split('?')[0];
  return req;
}

function kidsOf(keys: readonly SigningJwk[]): string {
  return keys.map((k) => k.kid).join(',');
}
