/**
 * The scopes the emulator knows, with the Russian line the consent page shows for each. A scope not listed is
 * unknown to ESIA (ESIA-007006); a listed one a client is not approved for is refused with ESIA-007019.
 */
export const SCOPES: Record<string, string> = {
  openid: 'Проведение входа в систему',
  fullname: 'Просмотр вашей фамилии, имени и отчества',
  birthdate: 'Просмотр вашей даты рождения',
  gender: 'Просмотр вашего пола',
  snils: 'Просмотр СНИЛС',
  inn: 'Просмотр ИНН',
  id_doc: 'Просмотр данных о документе, удостоверяющем личность',
  birthplace: 'Просмотр места рождения',
  email: 'Просмотр адреса вашей электронной почты',
  mobile: 'Просмотр номера вашего мобильного телефона',
  contacts: 'Просмотр ваших контактных данных',
  addresses: 'Просмотр ваших адресов',
  kid_fullname: 'Просмотр данных о детях: фамилия, имя, отчество',
  kid_birthdate: 'Просмотр данных о детях: дата рождения',
  kid_gender: 'Просмотр данных о детях: пол',
  kid_snils: 'Просмотр данных о детях: СНИЛС',
  kid_inn: 'Просмотр данных о детях: ИНН',
};

/** What the demo client is approved for: a diary's needs plus contacts; id_doc, addresses, inn stay unapproved. */
export const DEFAULT_APPROVED_SCOPES = [
  'openid',
  'fullname',
  'birthdate',
  'gender',
  'snils',
  'email',
  'mobile',
  'contacts',
  'kid_fullname',
  'kid_birthdate',
  'kid_gender',
  'kid_snils',
];

/** Splits ESIA's space-separated scope parameter (several spaces or a '+' that was not decoded are not ours to fix). */
export function parseScope(scope: string): string[] {
  return scope.split(' ').filter((s) => s.length > 0);
}

/** The access token's `scope` claim: each personal scope bound to the subject, as ESIA writes it. */
export function scopeClaim(scopes: readonly string[], oid: number): string {
  return scopes.map((s) => (s === 'openid' ? s : `${s}?oid=${oid}`)).join(' ');
}

/** Scopes granted by an access token's `scope` claim, without the `?oid=` suffix. */
export function scopesFromClaim(claim: string): Set<string> {
  return new Set(parseScope(claim).map((s) => s.split('?')[0]!));
}
