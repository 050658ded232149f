import type { Router } from 'express';
import {
  type ApiAccount,
  type DiaryApiRecords,
  type LinkNoticeOutcome,
} from '../../shared/diary-api.records';
import { createDiaryApiRouter } from '../../shared/diary-api.router';
import { DNEVNIK_DEFAULTS, type DnevnikContext } from '../dnevnik-emulator.options';
import type { DnevnikPerson, DnevnikSchool } from '../dnevnik.fixture';
import { gatewayRoleOf } from './extension-roles';

const organization = (s: DnevnikSchool) => ({
  id: s.id,
  name: s.name,
  municipality: s.municipality,
  type: s.type,
});

/**
 * Дневник.ру's records as its extension answers them: accounts by id without their owner's token, memberships in
 * the gateway's words (extension-roles.ts, the vendor-side map), a parent's children, and link notices marked
 * on the account.
 */
function dnevnikRecords({ store }: DnevnikContext): DiaryApiRecords {
  const memberships = (p: DnevnikPerson) => {
    const seen = new Set<string>();
    return p.memberships.flatMap((m) => {
      const role = gatewayRoleOf(m);
      if (!role || seen.has(`${m.school}/${role}`)) return [];
      seen.add(`${m.school}/${role}`);
      return [{ organization: organization(store.school(m.school)!), role }];
    });
  };
  const apiAccount = (p: DnevnikPerson): ApiAccount => ({
    userId: p.userId!,
    lastName: p.lastName,
    firstName: p.firstName,
    middleName: p.middleName || null,
    birthDate: p.birthDate,
    // Дневник.ру hands no SNILS to third parties.
    snils: null,
    locked: p.blocked,
    memberships: memberships(p),
  });

  /**
   * A link notice, idempotent on `Idempotency-Key` (a key reused for another notice is refused); a removal of an
   * older link than the current one changes nothing (`superseded`), so a late unlink cannot undo a newer link.
   */
  const linkNotice: DiaryApiRecords['linkNotice'] = (key, { event, linkId, userId, at }) => {
    const fingerprint = `${event}:${linkId}:${userId}`;
    const repeat = store.idempotent.get(key);
    if (repeat) return repeat === fingerprint ? 'already_recorded' : 'idempotency_conflict';
    const mark = store.links.get(userId);
    let outcome: LinkNoticeOutcome;
    if (event === 'created') {
      if (mark?.linkId === linkId) outcome = 'already_recorded';
      else {
        store.links.set(userId, { linkId, linkedAt: new Date(at).toISOString() });
        store.linkNoticesApplied.set(linkId, (store.linkNoticesApplied.get(linkId) ?? 0) + 1);
        outcome = 'recorded';
      }
    } else if (!mark) outcome = 'already_recorded';
    else if (mark.linkId !== linkId) outcome = 'superseded';
    else {
      store.links.delete(userId);
      outcome = 'recorded';
    }
    store.idempotent.set(key, fingerprint);
    return outcome;
  };

  return {
    account: (userId) => {
      const person = store.user(userId);
      return person && apiAccount(person);
    },
    children: (userId) =>
      store.children(store.user(userId)!).map((child) => {
        const study = child.memberships.find((m) => m.role === 'EduStudent');
        const school = study ? store.school(study.school) : undefined;
        return {
          userId: child.userId,
          lastName: child.lastName,
          firstName: child.firstName,
          birthDate: child.birthDate,
          organization: school ? organization(school) : null,
        };
      }),
    linkNotice,
  };
}

/**
 * The diary-API extension Дневник.ру would deploy (docs/diary-api.openapi.json) for what its own API does not
 * offer the gateway: reads by an arbitrary user id without that user's token, and link notices. The protocol
 * is the shared router's (emulators/shared/diary-api.router.ts).
 */
export function extensionRoute(ctx: DnevnikContext): Router {
  return createDiaryApiRouter(dnevnikRecords(ctx), {
    path: DNEVNIK_DEFAULTS.extensionPath,
    clock: ctx.clock,
    auth: { hmac: { keys: ctx.extensionKeys, nonces: ctx.store.nonces } },
  });
}
