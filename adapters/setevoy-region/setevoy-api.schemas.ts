import { z } from 'zod';

/**
 * The answers of the vendor's own /webapi as the adapter reads them: only the fields it uses, in the shapes the
 * public clients read (sources per schema). Anything else in an answer is ignored.
 */

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]);

/** `GET /webapi/loginform?…&LASTNAME=…` (kmlebedev/netSchoolWebApi swagger/swagger.yaml, LoginForm). */
export const LoginFormItems = z.object({ items: z.array(z.object({ id, name: z.string() })) });

/**
 * `POST /webapi/auth/getdata` (swagger GetAuthData; lentryd/NetSchoolApi authData.ts). `salt` is absent on a
 * host that signs in through Госуслуги only: that is a refusal, not a broken answer.
 */
export const LoginChallenge = z.object({
  lt: z.union([z.string(), z.number()]).transform(String),
  ver: z.union([z.string(), z.number()]).transform(String),
  salt: z.string().nullish(),
});

/** `POST /webapi/login` when it lets the user in (swagger Login, Login_accountInfo_user). */
export const LoginSuccess = z.object({
  at: z.string().min(1),
  accountInfo: z.object({ user: z.object({ id }) }),
});

/** `POST /webapi/login` when it refuses: HTTP 409 with the system's message (nm17/netschoolapi `login`). */
export const LoginRefusal = z.object({ message: z.string() });
