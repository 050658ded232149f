import { DEFAULT_MINIMUM_AGE } from '../core/policy.types';
import { Router } from 'express';
import type { Clock } from '../core/clock';
import { NotFoundError } from '../core/errors';
import { daysBetween, formatIsoDate, localDateAt } from '../core/local-date';
import { decisionAddresses } from '../services/decision-messages';
import type { PolicyCache } from '../services/policy-cache';
import { pickLang } from './lang';
import { infoPage } from './views/info.page';

/** `GET /info?instance=…`: the information window for people, from the same cached policy as the decision. */
export function infoRoutes(deps: { policies: PolicyCache; clock: Clock; publicUrl: string }): Router {
  return Router().get('/info', async (req, res) => {
    const id = typeof req.query['instance'] === 'string' ? req.query['instance'] : '';
    const scope = id ? await deps.policies.instanceScope(id) : null;
    if (!scope) throw new NotFoundError(`instance ${id.slice(0, 64)}`);
    const policy = scope.policy;
    const inForce = policy && policy.mode !== 'off' && policy.cutoverDate;
    const today = localDateAt(deps.clock.now(), scope.tenant.timeZone);
    const left = inForce ? Math.max(0, daysBetween(today, policy.cutoverDate!)) : null;
    res.type('html').send(
      infoPage(pickLang(req), {
        diaryName: scope.instance.displayName,
        regionName: scope.tenant.name,
        cutoverDate: inForce ? formatIsoDate(policy.cutoverDate!) : null,
        daysLeft: left,
        closed: left === 0 && policy?.mode !== 'announce',
        minimumAge: policy?.minimumAge ?? DEFAULT_MINIMUM_AGE,
        ...decisionAddresses(deps.publicUrl, scope.instance),
      }),
    );
  });
}
