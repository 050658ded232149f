import { z } from 'zod';
import type { IsoDate } from '../contract';

/*
 * What Дневник.ру's own API answers, read leniently for fields the gateway does not use and strictly for those
 * it does. 64-bit ids come as a JSON number (`id`, rounded by JSON.parse above 2^53) and as a string (`id_str`):
 * only the strings are read, the numbers are not even declared.
 */
const idStr = z.string().regex(/^\d{1,20}$/);

/**
 * `GET /v2/users/me`: the User model of alllexey123/dnevnik-partners-api model/user/User.java, of which the
 * password check needs the exact id, and reads `roles` (model/user/Role.java) to log one the map lacks. (Its
 * first name is `name`, there is no `firstName`, and there is no blocked flag.) Roles that are not a list of
 * names read as none: they decide nothing here.
 */
export const UserPayload = z.object({
  id_str: idStr,
  roles: z.array(z.string()).catch([]),
});

/**
 * `POST …/authorizations/bycredentials` (alllexey123/dnevnik-mobile-api model/response/LoginResponse.java,
 * deserializers/CredentialsDeserializer.java): `credentials.accessToken`, a user's token. The user id beside it
 * is a bare JSON number (read with getAsLong there), which JSON.parse rounds above 2^53: the adapter takes the
 * exact id from `GET /v2/users/me` (`id_str`) with the token instead.
 */
export const CredentialsPayload = z.object({
  credentials: z.object({ accessToken: z.string().min(1) }),
});

/** A refusal in the vendor's envelope (model/response/BasicResponse.java: `type`, `description`). */
export const ApiErrorPayload = z.object({
  type: z.string(),
  description: z.string().nullish(),
  reason: z.string().nullish(),
});

/** Дневник.ру writes dates as `YYYY-MM-DDT00:00:00`; .NET's empty `0001-01-01` means "unknown" as much as null does. */
export function isoBirthDate(value: string | null | undefined): IsoDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
  if (!match || match[1] === '0001') return null;
  const date = new Date(`${match[0]}T00:00:00Z`);
  return isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0] ? null : match[0];
}
