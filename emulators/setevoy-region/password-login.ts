import type { CascadeChoice } from './login-cascade';
import type { DiaryUser } from './setevoy.directory';
import type { SetevoyContext } from './setevoy-emulator.options';

/** The system's own words for each refusal (clients recognise them by their text, as the real one's do). */
export const MESSAGES = {
  badCredentials: 'Неправильный пароль или имя пользователя',
  wait: (seconds: number) => `Следующая попытка может быть совершена не ранее чем через ${seconds} секунд`,
  locked: 'Учетная запись заблокирована. Обратитесь к администратору образовательной организации',
  noSchool: 'Образовательная организация не найдена. Проверьте выбор населённого пункта и организации',
  staleForm: 'Время ожидания истекло. Обновите страницу и войдите снова',
  esiaOnly: 'Вход по логину и паролю отключен. Войдите через Госуслуги',
};

/** The result of one sign-in attempt. */
export type LoginOutcome = { ok: true; user: DiaryUser; schoolId: number } | { ok: false; message: string };

/**
 * One attempt, in the order the real system checks: the school the form names (every level must agree with
 * it), the pause after repeated failures, the password, then whether the account is locked (only once the
 * password proved who is asking, so a lock tells a stranger nothing).
 */
export function attemptLogin(
  ctx: SetevoyContext,
  choice: CascadeChoice,
  login: string,
  provesPassword: (password: string) => boolean,
): LoginOutcome {
  const school = choice.scid === null ? undefined : ctx.directory.school(choice.scid);
  // Current clients send `scid` alone (nm17/netschoolapi, vkrya/netschoolpy, mezhendosina/che-zadali-app); the
  // sign-in page sends the whole cascade, and a level it sends must agree with the school.
  const given = (level: number | null, value: number) => level === null || level === value;
  const agrees =
    school !== undefined &&
    given(choice.cid, school.countryId) &&
    given(choice.sid, school.stateId) &&
    given(choice.pid, school.municipalityId) &&
    (given(choice.cn, school.settlementId) || choice.cn === -1) &&
    given(choice.sft, school.typeId);
  if (!school || !agrees) return { ok: false, message: MESSAGES.noSchool };

  const now = ctx.clock.now().getTime();
  const key = `${school.id}:${login.trim().toLowerCase()}`;
  const wait = ctx.attempts.waitSeconds(key, now);
  if (wait > 0) return { ok: false, message: MESSAGES.wait(wait) };

  const user = ctx.directory.byLogin(school.id, login);
  if (!user || user.password === null || !provesPassword(user.password)) {
    ctx.attempts.failed(key, now);
    return { ok: false, message: MESSAGES.badCredentials };
  }
  ctx.attempts.succeeded(key);
  if (user.locked) return { ok: false, message: MESSAGES.locked };
  return { ok: true, user, schoolId: school.id };
}
