import { z } from 'zod';

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]);

/** `GET /webapi/loginform?…&LASTNAME=<level>`. */
export const LoginFormItems = z.object({ items: z.array(z.object({ id, name: z.string() })) });

/** `GET /webapi/addresses/schools?id=…`: a school with its whole cascade. */
export const SchoolAddresses = z.array(
  z.object({
    id,
    countryId: id,
    stateId: id,
    municipalityDistrictId: id,
    cityId: id,
    funcType: id,
  }),
);

/** `POST /webapi/auth/getdata`: the one-time login challenge. */
export const LoginChallenge = z.object({ lt: z.string(), ver: z.string(), salt: z.string() });

/** `POST /webapi/login` when it lets the user in. */
export const LoginSuccess = z.object({
  at: z.string().min(1),
  accountInfo: z.object({ user: z.object({ id }) }),
});

/** `POST /webapi/login` when it refuses (HTTP 409). */
export const LoginRefusal = z.object({ message: z.string() });

/** `mysettings` (through the integration API): only what the gateway reads. */
export const MySettings = z.object({
  userId: id,
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullish(),
  birthDate: z.string().nullish(),
  snils: z.string().nullish(),
  accountLocked: z.boolean().default(false),
});

const ContextSchool = z.object({
  id,
  name: z.string(),
  municipality: z.string().optional(),
  funcType: z.string().optional(),
  roles: z.array(z.string()),
});

/** `context` (through the integration API): roles per school and a parent's children. */
export const UserContext = z.object({
  userId: id,
  roles: z.array(z.string()),
  schools: z.array(ContextSchool),
  children: z
    .array(
      z.object({
        userId: id.nullable(),
        lastName: z.string(),
        firstName: z.string(),
        birthDate: z.string().nullish(),
        schoolId: id.nullable(),
        schoolName: z.string().nullable(),
      }),
    )
    .default([]),
});
/** A parsed context. */
export type UserContext = z.infer<typeof UserContext>;
