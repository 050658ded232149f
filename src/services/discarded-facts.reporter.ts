import type { DiscardedFactReport } from '../core/discarded-fact';
import type { Logger } from '../logger';

/**
 * What the gateway does with a SNILS or birth date that failed its rule (issue 20): one warning (the SNILS
 * masked, a birth date not at all) and one count in `elg_discarded_person_facts_total{source,field,problem}`,
 * so that operators see which source sends bad data and how much.
 */
export function discardedFactsReporter(
  logger: Logger,
  counter: { inc(labels: { source: string; field: string; problem: string }): void },
): DiscardedFactReport {
  return (fact) => {
    counter.inc({ source: fact.source, field: fact.field, problem: fact.problem });
    logger.warn({ discarded: fact }, `${fact.field} from ${fact.source} discarded: ${fact.problem}`);
  };
}
