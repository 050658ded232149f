// The demo's people and where they start: printed by npm start (src/main.ts) next to the emulators' addresses.

/**
 * Who to sign in as, and where: the seed documents' journeys in the demo. Every journey starts at a diary, the
 * OpenID client of the gateway; the gateway's own pages are reached from there.
 */
export function demoGuide(gatewayUrl: string): string {
  return [
    '',
    'Try it (demo people; their ESIA passwords are on the emulator sign-in page):',
    '  Дневник.ру: http://127.0.0.1:4101/login — sign in as ivanova.elena / Dnevnik-Ivanova1, open «Личные настройки»',
    '    (http://127.0.0.1:4101/settings), press «Привязать учетную запись портала госуслуг» and choose',
    '    «Иванова Елена Сергеевна» at ESIA; then «Войти через Госуслуги» on http://127.0.0.1:4101/login.',
    '  Сетевой Регион: http://127.0.0.1:4102/ — choose Иркутск → СОШ № 110, sign in as ivanova.es / Мама-2026,',
    '    then «Персональные настройки» (http://127.0.0.1:4102/app/settings) → «Привязать учетную запись портала',
    '    Госуслуг»; then «Войти через Госуслуги» on http://127.0.0.1:4102/ (two schools: the chooser).',
    '  ЦОП ХМАО-Югры: http://127.0.0.1:4103/ — «Войти через Госуслуги» as Иванова Елена: the school chooser;',
    '    as Каримов Рустам (no SNILS): «Обратиться в организацию».',
    '  ЭлЖур (4th diary, configuration only: the published diary API): http://127.0.0.1:4104/ — sign in as',
    '    fedorov.p / Eljur-Fedorov1, «Настройки» → «Привязать учетную запись портала госуслуг», choose «Федоров Петр',
    '    Ильич» at ESIA; then «Войти через Госуслуги». Conformance: npm run conformance -- --base-url',
    '    http://127.0.0.1:4104/elg/v1 --key-id demo-eljur-39 --secret-file <file with the demo secret of config/>.',
    `  Operators' console: ${gatewayUrl}/auth/esia/start?purpose=operator — sign in as Волков Сергей Николаевич.`,
    '',
  ].join('\n');
}
