// The demo's people and where they start: printed by npm start (src/main.ts) next to the emulators' addresses.
import { ageOn, demoToday, loadPersonas, yearsRu } from './fixtures/personas.fixture';

/** A region's demo policy as the start-up seeded it (src/services/demo-seed.ts). */
export interface DemoPolicyLine {
  readonly tenantId: string;
  readonly mode: string;
  readonly cutoverDate: string | null;
}

const ru = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : '—');

/**
 * Who to sign in as, their age today, where, and what they will see: the seed documents' journeys in the demo.
 * Every journey starts at a diary, the OpenID client of the gateway; the gateway's own pages are reached from
 * there. Ages come from the personas' birth dates and the cutover dates from the seeded policies, so the guide
 * stays true on whatever day `npm start` runs.
 */
export function demoGuide(
  gatewayUrl: string,
  policies: readonly DemoPolicyLine[] = [],
  now = new Date(),
): string {
  const today = demoToday(now);
  const personas = new Map(loadPersonas().map((p) => [p.id, p]));
  const age = (id: string) => {
    const birth = personas.get(id)?.birthDate;
    return birth ? yearsRu(ageOn(birth, today)) : 'возраст не указан';
  };
  const date = (tenantId: string) => ru(policies.find((p) => p.tenantId === tenantId)?.cutoverDate ?? null);
  const region86 = policies.find((p) => p.tenantId === '86');
  const region38 = policies.find((p) => p.tenantId === '38');
  return [
    '',
    "Try it. Demo regions (seeded at start, dates relative to today; an operator's change is kept):",
    region86
      ? `  86 ХМАО-Югра (Дневник.ру, ЦОП): ${region86.mode}, password sign-in closed for 14+ since ${date('86')}.`
      : '  86 ХМАО-Югра: no demo policy.',
    region38
      ? `  38 Иркутская область («Сетевой Регион»): ${region38.mode}, closes on ${date('38')}; until then 14+ see the information window.`
      : '  38 Иркутская область: no demo policy.',
    "ESIA passwords are on the ESIA emulator's page (one click per person); diary passwords on each diary's sign-in page.",
    '',
    'Дневник.ру http://127.0.0.1:4101/login (region 86, cutover passed):',
    `  1. Иванов Максим, ${age('student-15')}, ivanov.maksim / Dnevnik-Maksim1: «Вход по паролю закрыт» with`,
    '     «Войти через Госуслуги»; he never linked, so after ESIA (choose «Иванов Максим Андреевич») the gateway',
    '     says it cannot find his account and offers «Обратиться в организацию» (the school links him).',
    `  2. Иванова София, ${age('child-13')}, ivanova.sofia / Dnevnik-Sofia1: in with the password (under 14);`,
    `     Николаев Егор, ${age('student-turning-14')}, nikolaev.egor / Dnevnik-Egor1: refused (turned 14 on 23.11.2026).`,
    `  3. Иванова Елена, ${age('parent-two-schools')}, linked before the date (the seed did it for her): her`,
    '     password ivanova.elena / Dnevnik-Ivanova1 is refused; «Войти через Госуслуги», choose «Иванова Елена',
    '     Сергеевна»: the chooser «Вход в систему» (Гимназия № 74 / СОШ № 110); the diary shows the school chosen.',
    '«Сетевой Регион. Образование» http://127.0.0.1:4102/ (region 38, information window):',
    `  4. Иванова Елена, ${age('parent-two-schools')}: Иркутск → МБОУ г. Иркутска «СОШ № 110», ivanova.es / Мама-2026:`,
    `     the information window «С ${date('38')} … вход в дневник будет возможен только через Госуслуги» →`,
    "     «Привязать учетную запись портала Госуслуг» → the gateway's notice → ESIA as Иванова Елена →",
    '     «Привязать» → «Отлично!» on the diary; then «Войти через Госуслуги» on http://127.0.0.1:4102/: the chooser.',
    `  5. Иванова София, ${age('child-13')}, ivanova.sa / Соня-2013 (СОШ № 110): straight in, no window.`,
    `  6. Иванов Максим, ${age('student-15')}, ivanov.ma / Maxim-2011 (Гимназия № 74): the same information window;`,
    "     «Привязать…», then «Вернуться в дневник» on the gateway's notice (or «Отмена» on its confirmation):",
    '     back on the diary, which says the link was cancelled and nothing was linked.',
    'ЦОП ХМАО-Югры http://127.0.0.1:4103/ (region 86, Gosuslugi only):',
    `  7. Иванова Елена, ${age('parent-two-schools')}: «Войти через Госуслуги»: found by SNILS in two schools, the chooser.`,
    `  8. Каримов Рустам, ${age('foreign-no-snils')}, no SNILS: not found → «Обратиться в организацию»; the school`,
    '     sees the request at http://127.0.0.1:4103/staff/login (staff logins on that page); it survives a restart on both sides.',
    'ЭлЖур (region 39, no demo policy; the 4th diary, added by configuration alone, on the published diary API):',
    '  http://127.0.0.1:4104/ — sign in as fedorov.p / Eljur-Fedorov1 (Федоров Пётр, teacher), «Настройки» →',
    '  «Привязать учетную запись портала госуслуг», choose «Федоров Петр Ильич» at ESIA; then «Войти через Госуслуги».',
    '  Conformance: npm run conformance -- --base-url http://127.0.0.1:4104/elg/v1 --key-id demo-eljur-39',
    '  --secret-file <file with the demo secret of config/> --user 39001 --login fedorov.p --password-file <file>',
    '  --snils "158-372-641 92" --organization-id 39-0007 (what each check means: docs/onboarding-a-diary.md).',
    `Operators' console: ${gatewayUrl}/auth/esia/start?purpose=operator — Волков Сергей Николаевич (regions 86, 38).`,
    `  CLI against this demo's database: npm run ops -- readiness --region 86`,
    '',
  ].join('\n');
}
