import type { Router } from 'express';
import { type ApiAccount, type ApiPasswordCheck, type DiaryApiRecords } from '../../shared/diary-api.records';
import { createDiaryApiRouter, type DiaryApiFaults } from '../../shared/diary-api.router';
import type { EljurAccount } from '../diary-api.fixture';
import { ELJUR_DEFAULTS, type BrokenMode, type EljurContext } from '../diary-api-emulator.options';

/** The broken modes that concern the protocol, in the shared router's words (the rest are in the records). */
function faultsOf(mode: BrokenMode | null, slowMs: number): DiaryApiFaults {
  switch (mode) {
    case 'accepts-bad-signature':
      return { acceptsBadSignature: true };
    case 'accepts-replayed-nonce':
      return { acceptsReplayedNonce: true };
    case 'wrong-error-shape':
      return { wrongErrorShape: true };
    case 'missing-ability':
      return { declaredWithoutRoute: 'snilsMatch' };
    case 'slow-answers':
      return { delayMs: slowMs };
    default:
      return {};
  }
}

/**
 * The reference diary's records behind the published diary API: every ability, its own password lockout, the
 * links the gateway told it about and its access-request queue (emulators/diary-api/diary-api.store.ts).
 */
function eljurRecords(ctx: EljurContext): DiaryApiRecords {
  const { store } = ctx;
  const organization = (schoolId: string) => {
    const s = store.schools.get(schoolId)!;
    return { id: s.id, name: s.name, municipality: s.municipality, settlement: s.settlement, type: s.type };
  };
  const apiAccount = (a: EljurAccount): ApiAccount => ({
    ...a,
    memberships: a.memberships.map((m) => ({ organization: organization(m.school), role: m.role })),
  });

  const checkPassword = ({
    login,
    password,
    organizationId,
  }: {
    login: string;
    password: string;
    organizationId?: string;
  }): ApiPasswordCheck => {
    const now = ctx.clock.now().getTime();
    const window = ELJUR_DEFAULTS.lockoutSeconds * 1000;
    const failures = (store.failures.get(login.toLowerCase()) ?? []).filter((t) => t > now - window);
    if (failures.length >= ELJUR_DEFAULTS.maxFailedAttempts) {
      const retryAfterSeconds = Math.max(1, Math.ceil((failures[0]! + window - now) / 1000));
      return { ok: false, reason: 'rate_limited', retryAfterSeconds };
    }
    const found = store.byLogin(login);
    if (found && organizationId !== undefined && !found.memberships.some((m) => m.school === organizationId))
      return { ok: false, reason: 'organization_not_found' };
    if (!found || found.password !== password) {
      store.failures.set(login.toLowerCase(), [...failures, now]);
      return { ok: false, reason: 'bad_credentials' };
    }
    if (found.locked) return { ok: false, reason: 'account_locked' };
    // As most diaries do: a right password clears the failures counted so far.
    store.failures.delete(login.toLowerCase());
    return { ok: true, userId: found.userId };
  };

  return {
    account: (userId) => {
      const a = store.accounts.get(userId);
      return a && apiAccount(a);
    },
    checkPassword,
    children: (userId) =>
      store.accounts.get(userId)!.children.flatMap((id) => {
        const child = store.accounts.get(id);
        if (!child) return [];
        const school = child.memberships.find((m) => m.role === 'student')?.school;
        const { userId: childId, lastName, firstName, birthDate } = child;
        return [
          {
            userId: childId,
            lastName,
            firstName,
            birthDate,
            organization: school ? organization(school) : null,
          },
        ];
      }),
    // missing-ability: declared, but the route is not there.
    ...(ctx.brokenMode === 'missing-ability'
      ? {}
      : {
          schoolRecords: (snils: string) =>
            [...store.accounts.values()]
              .filter((a) => a.snils === snils)
              .map((a) => ({
                userId: a.userId,
                birthDate: a.birthDate,
                memberships: apiAccount(a).memberships,
              })),
        }),
    organizations: () => [...store.schools.values()],
    accessRequests: {
      submit: (input) => {
        if (input.organizationId !== null && !store.schools.has(input.organizationId))
          return 'organization_unknown';
        const { request, repeat } = store.takeAccessRequest(
          input.requestId,
          input.organizationId,
          ctx.brokenMode !== 'no-idempotency',
        );
        return { request, created: !repeat };
      },
      get: (id) => store.accessRequests.get(id),
    },
    linkNotice: (key, { event, linkId, userId }) => {
      if (store.noticeKeys.has(key))
        return ctx.brokenMode === 'no-idempotency' ? 'idempotency_conflict' : 'already_recorded';
      let outcome: 'recorded' | 'superseded' = 'recorded';
      if (event === 'created') store.links.set(userId, linkId);
      else if (store.links.get(userId) === linkId) store.links.delete(userId);
      else outcome = 'superseded';
      store.noticeKeys.set(key, outcome);
      return outcome;
    },
    // The reference diary keeps no sign-in history: every account that is not locked counts as active, whatever
    // the window (a vendor counts distinct accounts that signed in within it, docs/diary-api.openapi.json).
    activeUsers: () => [...store.accounts.values()].filter((a) => !a.locked).length,
  };
}

/**
 * The published diary API (docs/diary-api.openapi.json) as the reference diary implements it, under
 * `ctx.apiPath`: the shared router (emulators/shared/diary-api.router.ts) over this diary's records, with the
 * gateway's HMAC or, with `tls`, its client certificate over mutual TLS.
 */
export function apiRoute(ctx: EljurContext): Router {
  return createDiaryApiRouter(eljurRecords(ctx), {
    path: ctx.apiPath,
    clock: ctx.clock,
    auth: ctx.mtls ? { mtls: true } : { hmac: { keys: ctx.keys, nonces: ctx.store.nonces } },
    faults: faultsOf(ctx.brokenMode, ctx.slowMs),
  });
}
