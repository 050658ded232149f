import type { DiscardedFactReport } from '../../core/discarded-fact';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../core/clock';
import type { RateLimiter } from '../../core/ports/rate-limiter.port';
import type { Interactions } from '../../provider/provider-interactions';
import type { DiaryDirectory } from '../../services/diary-directory';
import type { OnlyWayInRule } from '../../services/unlink-account.use-case';
import { AccessRequestsRepository } from '../../store/access-requests.repository';
import { LinksRepository, type LinkChangeListener } from '../../store/links.repository';
import { OperatorLookup } from '../../store/operator-lookup';
import { countNothing, type CountActivity } from '../../core/activity';
import type { JourneyDeps, JourneyEvents } from './journey-deps';

/** Builds the journeys' dependencies from PostgreSQL, the provider's interactions and the diary directory. */
export function createJourneyDeps(input: {
  dataSource: DataSource;
  diaries: DiaryDirectory;
  rateLimiter: RateLimiter;
  clock: Clock;
  interactions: Interactions;
  events: JourneyEvents;
  activity?: CountActivity;
  esia: { issuer: string; baseUrl: string; clientId: string };
  publicUrl: string;
  /** The cutover policy's say on flow E (CutoverFeature.esiaIsOnlyWayIn). */
  onlyWayIn: OnlyWayInRule;
  /** Hears of a school birth date that could be nobody's (logged and counted by the gateway). */
  discarded?: DiscardedFactReport;
  /** Hears of every link written or revoked, after the commit (the decision's linked answers). */
  linkChanges?: LinkChangeListener;
}): JourneyDeps {
  const { dataSource, diaries, clock } = input;
  return {
    diaries,
    links: new LinksRepository(dataSource, input.linkChanges),
    requests: new AccessRequestsRepository(dataSource),
    operators: new OperatorLookup(dataSource),
    rateLimiter: input.rateLimiter,
    onlyWayIn: input.onlyWayIn,
    ...(input.discarded ? { discarded: input.discarded } : {}),
    clock,
    interactions: input.interactions,
    events: input.events,
    activity: input.activity ?? countNothing,
    issuer: input.esia.issuer,
    publicUrl: input.publicUrl,
    esiaLogoutUrl: (redirectUrl) => {
      const query = new URLSearchParams({ client_id: input.esia.clientId, redirect_url: redirectUrl });
      return `${input.esia.baseUrl.replace(/\/+$/, '')}/idp/ext/Logout?${query.toString()}`;
    },
  };
}
