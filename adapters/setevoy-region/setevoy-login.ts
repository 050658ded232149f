import {
  VendorUnavailableError,
  type PasswordCheck,
  type PasswordCredentials,
  type PasswordRefusal,
} from '../contract';
import { expectShape, VENDOR, type SetevoyApiClient } from './setevoy-api.client';
import { LoginChallenge, LoginRefusal, LoginSuccess, SchoolAddresses } from './setevoy-api.schemas';
import { passwordProof } from './setevoy-password';

/** The vendor's refusal texts, as its login answers them with HTTP 409, and what each means to the gateway. */
const REFUSALS: Array<[RegExp, PasswordRefusal]> = [
  [/не ранее чем через/i, 'rate_limited'],
  [/заблокирован/i, 'account_locked'],
  [/организаци\S* не найден/i, 'organization_not_found'],
  [/(вход|войти)[^.]*(госуслуг|ЕСИА)/i, 'password_login_disabled'],
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
 * The vendor's password protocol, step by step: the school id alone (PasswordCredentials.organizationId)
 * gives the whole cascade through `addresses/schools`; `auth/getdata` gives a one-time challenge; `login`
 * takes the salted hashes, never the password; a session it opens is closed again at once.
 */
export async function checkPassword(
  api: SetevoyApiClient,
  credentials: PasswordCredentials,
): Promise<PasswordCheck> {
  const schoolId = credentials.organizationId ?? '';
  if (!/^\d{1,18}$/.test(schoolId)) return { ok: false, reason: 'organization_not_found' };
  const found = await api.call('GET', `/webapi/addresses/schools?id=${schoolId}`);
  const school = expectShape(SchoolAddresses, found, 'addresses/schools').find(
    (s) => String(s.id) === schoolId,
  );
  if (!school) return { ok: false, reason: 'organization_not_found' };

  const challenge = expectShape(
    LoginChallenge,
    await api.call('POST', '/webapi/auth/getdata'),
    'auth/getdata',
  );
  const { pw2, PW } = passwordProof(challenge.salt, credentials.password);
  const form = new URLSearchParams({
    LoginType: '1',
    cid: String(school.countryId),
    sid: String(school.stateId),
    pid: String(school.municipalityDistrictId),
    cn: String(school.cityId),
    sft: String(school.funcType),
    scid: String(school.id),
    UN: credentials.login,
    PW,
    pw2,
    lt: challenge.lt,
    ver: challenge.ver,
  });
  const answer = await api.call('POST', '/webapi/login', { form });
  if (answer.status === 409) return refusalOf(expectShape(LoginRefusal, answer, 'login').message);
  if (answer.status !== 200)
    throw new VendorUnavailableError(VENDOR, `login: unexpected HTTP ${answer.status}`);
  const success = expectShape(LoginSuccess, answer, 'login');
  // Only the proof was wanted: end the vendor session; a failure to do so changes nothing for the user.
  await api.call('POST', '/webapi/auth/logout', { at: success.at }).catch(() => undefined);
  return { ok: true, userId: String(success.accountInfo.user.id) };
}
