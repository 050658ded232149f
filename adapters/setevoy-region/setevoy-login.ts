import {
  VendorUnavailableError,
  type PasswordCheck,
  type PasswordCredentials,
  type PasswordRefusal,
} from '../contract';
import { LoginChallenge, LoginRefusal, LoginSuccess } from './setevoy-api.schemas';
import { passwordProof } from './setevoy-password';
import { expectShape, failOnMissingRoute, VENDOR, type SetevoyWeb } from './setevoy-web';

/** The vendor's refusal texts, as its login answers them with HTTP 409, and what each means to the gateway. */
const REFUSALS: Array<[RegExp, PasswordRefusal]> = [
  [/не ранее чем через/i, 'rate_limited'],
  [/заблокирован/i, 'account_locked'],
  [/организаци\S* не найден/i, 'organization_not_found'],
  [/(вход|войти|войдите)[^.]*(госуслуг|ЕСИА)/i, 'password_login_disabled'],
  [/неправильный пароль|имя пользователя/i, 'bad_credentials'],
];

/** A 409's message as a refusal; a message nobody knows is the vendor answering nonsense, not a refusal. */
export function refusalOf(message: string): Extract<PasswordCheck, { ok: false }> {
  const found = REFUSALS.find(([pattern]) => pattern.test(message));
  if (!found) throw new VendorUnavailableError(VENDOR, 'login: unrecognised refusal (HTTP 409)');
  const wait = /через\s+(\d+)\s+сек/i.exec(message);
  return found[1] === 'rate_limited' && wait
    ? { ok: false, reason: 'rate_limited', retryAfterSeconds: Number(wait[1]) }
    : { ok: false, reason: found[1] };
}

/**
 * The vendor's password protocol as its public clients run it (nm17/netschoolapi netschoolapi.py `login`,
 * vkrya/netschoolpy client.py `login`, lentryd/NetSchoolApi signIn.ts), in one session: `GET logindata` for the
 * NSSESSIONID cookie, `POST auth/getdata` for a one-time challenge, `POST login` with the school id alone
 * (`scid`, PasswordCredentials.organizationId), the user name and the salted hashes, never the password; the
 * session it opens is closed again at once. A challenge without a salt is a host where the password login is
 * off (it signs in through Госуслуги only): a refusal, not an outage.
 */
export async function checkPassword(
  web: SetevoyWeb,
  credentials: PasswordCredentials,
): Promise<PasswordCheck> {
  const scid = credentials.organizationId ?? '';
  if (!/^\d{1,18}$/.test(scid)) return { ok: false, reason: 'organization_not_found' };
  const session = web.session();

  const loginData = failOnMissingRoute(await session.call('GET', '/webapi/logindata'), 'logindata');
  if (loginData.status !== 200)
    throw new VendorUnavailableError(VENDOR, `logindata: unexpected HTTP ${loginData.status}`);

  const challenge = expectShape(
    LoginChallenge,
    await session.call('POST', '/webapi/auth/getdata'),
    'auth/getdata',
  );
  if (!challenge.salt) return { ok: false, reason: 'password_login_disabled' };

  const { pw2, PW } = passwordProof(challenge.salt, credentials.password);
  const form = new URLSearchParams({
    LoginType: '1',
    scid,
    UN: credentials.login,
    PW,
    pw2,
    lt: challenge.lt,
    ver: challenge.ver,
  });
  const answer = failOnMissingRoute(await session.call('POST', '/webapi/login', { form }), 'login');
  if (answer.status === 409) {
    const refusal = LoginRefusal.safeParse(answer.body);
    if (!refusal.success) throw new VendorUnavailableError(VENDOR, 'login: unexpected answer (HTTP 409)');
    return refusalOf(refusal.data.message);
  }
  const success = expectShape(LoginSuccess, answer, 'login');
  // Only the proof was wanted: end the vendor session (lentryd/NetSchoolApi signOut.ts sends at and ver); a
  // failure to do so changes nothing for the user.
  await session
    .call('POST', '/webapi/auth/logout', {
      at: success.at,
      form: new URLSearchParams({ at: success.at, ver: challenge.ver }),
    })
    .catch(() => undefined);
  return { ok: true, userId: String(success.accountInfo.user.id) };
}
