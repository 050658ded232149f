// The demo's people and where they start: printed by npm start (src/main.ts) next to the emulators' addresses.

/** Who to sign in as, and where: the seed documents' journeys in the demo. */
export function demoGuide(gatewayUrl: string): string {
  return [
    '',
    'Try it (demo people; their ESIA passwords are on the emulator sign-in page):',
    '  Дневник.ру: http://127.0.0.1:4101 — sign in as ivanova.elena / Dnevnik-Ivanova1, open «Личные настройки»,',
    '    press «Привязать учетную запись портала госуслуг» and choose «Иванова Елена Сергеевна» at ESIA.',
    '  Сетевой Регион: http://127.0.0.1:4102 — choose Иркутск → СОШ № 110, sign in as ivanova.es / Мама-2026,',
    '    then «Персональные настройки» → «Привязать учетную запись портала Госуслуг».',
    '  ЦОП ХМАО-Югры: http://127.0.0.1:4103 — «Войти через Госуслуги» as Иванова Елена: the school chooser;',
    '    as Каримов Рустам (no SNILS): «Обратиться в организацию».',
    `  Password login under the cutover: ${gatewayUrl}/login/password?instance=dnevnik-86`,
    `  Operators' console: ${gatewayUrl}/auth/esia/start?purpose=operator — sign in as Волков Сергей Николаевич.`,
    '',
  ].join('\n');
}
