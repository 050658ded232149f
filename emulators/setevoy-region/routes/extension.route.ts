import type { Router } from 'express';
import { type ApiAccount, type DiaryApiRecords } from '../../shared/diary-api.records';
import { createDiaryApiRouter } from '../../shared/diary-api.router';
import { apiRoleOf } from '../roles';
import type { DiaryUser, School } from '../setevoy.directory';
import type { SetevoyContext } from '../setevoy-emulator.options';

/** A SNILS as the school typed it (typo included), written as the diary API spells one; null if not 11 digits. */
function apiSnils(typed: string | null): string | null {
  const d = (typed ?? '').replace(/\D/g, '');
  return d.length === 11 ? `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 9)} ${d.slice(9)}` : null;
}

const organization = (s: School) => ({
  id: String(s.id),
  name: s.name,
  municipality: s.municipality,
  type: s.type,
});

/**
 * The installation's records as the extension answers them: accounts with a login only (pupils' records without
 * one are not accounts), their memberships in the API's roles (a role the API has no word for is left out,
 * roles.ts), a parent's children, and link notices in the installation's state.
 */
function setevoyRecords(ctx: SetevoyContext): DiaryApiRecords {
  const user = (userId: string): DiaryUser | undefined => {
    const found = /^\d{1,18}$/.test(userId) ? ctx.directory.user(Number(userId)) : undefined;
    return found && found.login !== null ? found : undefined;
  };
  const apiAccount = (u: DiaryUser): ApiAccount => ({
    userId: String(u.id),
    lastName: u.lastName,
    firstName: u.firstName,
    middleName: u.middleName,
    birthDate: u.birthDate,
    snils: apiSnils(u.snils),
    locked: u.locked,
    memberships: u.memberships.flatMap(({ school, role }) => {
      const apiRole = apiRoleOf(role);
      return apiRole ? [{ organization: organization(school), role: apiRole }] : [];
    }),
  });
  return {
    account: (userId) => {
      const u = user(userId);
      return u && apiAccount(u);
    },
    children: (userId) =>
      user(userId)!.childIds.flatMap((id) => {
        const child = ctx.directory.user(id);
        if (!child) return [];
        const school = child.memberships.find((m) => m.role === 'Student')?.school;
        return [
          {
            userId: child.login === null ? null : String(child.id),
            lastName: child.lastName,
            firstName: child.firstName,
            birthDate: child.birthDate,
            organization: school ? organization(school) : null,
          },
        ];
      }),
    linkNotice: (key, { event, linkId, userId, at }) =>
      ctx.store.takeNotice(key, { event, linkId, userId: Number(userId), at }),
  };
}

/**
 * The extension the vendor would deploy for the gateway: part of the published diary API
 * (docs/diary-api.openapi.json) below `ctx.extension.apiPath`, for what the system's own API offers only to a
 * signed-in user or not at all: an account by id (with the SNILS the school typed), its memberships, a parent's
 * children, and link notices. The protocol is the shared router's (emulators/shared/diary-api.router.ts).
 */
export function extensionRoute(ctx: SetevoyContext): Router {
  return createDiaryApiRouter(setevoyRecords(ctx), {
    path: ctx.extension.apiPath,
    clock: ctx.clock,
    auth: { hmac: { keys: ctx.extension.keys, nonces: ctx.store.nonces } },
  });
}
