import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { RateLimiter } from '../../core/ports/rate-limiter.port';
import type { StateStore } from '../../core/ports/state-store.port';
import type { DiaryDirectory } from '../../services/diary-directory';
import { LinkTickets } from '../../services/link-tickets';
import { SsoCodes } from '../../services/sso-codes';
import type { OnlyWayInRule } from '../../services/unlink-account.use-case';
import { AccessRequestsRepository } from '../../store/access-requests.repository';
import { LinksRepository } from '../../store/links.repository';
import { OperatorLookup } from '../../store/operator-lookup';
import type { JourneyDeps } from './journey-deps';

/** Builds the journeys' dependencies from PostgreSQL, the shared state store and the diary directory. */
export function createJourneyDeps(input: {
  dataSource: DataSource;
  diaries: DiaryDirectory;
  stateStore: StateStore;
  rateLimiter: RateLimiter;
  clock: Clock;
  esia: { issuer: string; baseUrl: string; clientId: string };
  publicUrl: string;
  /** The cutover policy's say on flow E (CutoverFeature.esiaIsOnlyWayIn). */
  onlyWayIn: OnlyWayInRule;
}): JourneyDeps {
  const { dataSource, diaries, clock } = input;
  return {
    diaries,
    links: new LinksRepository(dataSource),
    requests: new AccessRequestsRepository(dataSource),
    operators: new OperatorLookup(dataSource),
    tickets: new LinkTickets(input.stateStore, clock),
    ssoCodes: new SsoCodes(input.stateStore, clock),
    rateLimiter: input.rateLimiter,
    onlyWayIn: input.onlyWayIn,
    clock,
    issuer: input.esia.issuer,
    publicUrl: input.publicUrl,
    esiaLogoutUrl: (redirectUrl) => {
      const query = new URLSearchParams({ client_id: input.esia.clientId, redirect_url: redirectUrl });
      return `${input.esia.baseUrl.replace(/\/+$/, '')}/idp/ext/Logout?${query.toString()}`;
    },
  };
}
