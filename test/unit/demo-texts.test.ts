import { readFileSync } from 'node:fs';
import { demoGuide } from '../../emulators/demo-guide';
import { ageOn, loadPersonas, personaLabel } from '../../emulators/fixtures/personas.fixture';
import { DEFAULT_ESIA_SCOPES, loadConfig } from '../../src/config';
import { fromRoot } from '../../src/paths';

const persona = (id: string) => loadPersonas().find((p) => p.id === id)!;

/* Issue 18: the demo's texts stay true on whatever day it runs, and ESIA is asked only for what flows read. */
describe('the demo’s texts, relative to today', () => {
  it('ages are computed from the birth date on the day (29 February counts on 28 February)', () => {
    expect(ageOn('2011-03-10', '2026-12-07')).toBe(15);
    expect(ageOn('2011-03-10', '2027-03-09')).toBe(15);
    expect(ageOn('2011-03-10', '2027-03-10')).toBe(16);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(14);
    expect(ageOn('2012-02-29', '2026-02-27')).toBe(13);
  });

  it('the ESIA emulator’s labels: no written age goes stale, the 14th birthday is told on the right side of today', () => {
    const egor = persona('student-turning-14'); // born 2012-11-23
    expect(personaLabel(egor, '2026-11-01')).toBe('Ученик, 13 лет, 14 лет исполнится 23.11.2026');
    expect(personaLabel(egor, '2026-12-07')).toBe('Ученик, 14 лет: исполнилось 23.11.2026');
    expect(personaLabel(egor, '2027-03-01')).toBe('Ученик, 14 лет');
    expect(personaLabel(persona('student-15'), '2026-12-07')).toBe('Ученик, 15 лет');
    expect(personaLabel(persona('child-13'), '2026-12-07')).toBe('Ученица, детская учётная запись, 13 лет');
    expect(personaLabel(persona('parent-two-schools'), '2026-12-07')).toBe(
      'Родитель двоих детей в двух школах',
    );
    const file = readFileSync(fromRoot('emulators/fixtures/personas.json'), 'utf8');
    expect(file).not.toMatch(/"roleLabel": "[^"]*\d+ (лет|год)/);
  });

  it('the start-up guide names, for each journey, the person, their age today and the seeded dates', () => {
    const guide = demoGuide(
      'http://localhost:3000',
      [
        { tenantId: '86', mode: 'enforce', cutoverDate: '2026-11-30' },
        { tenantId: '38', mode: 'enforce', cutoverDate: '2026-12-21' },
      ],
      new Date('2026-12-07T09:00:00Z'),
    );
    expect(guide).toContain('password sign-in closed for 14+ since 30.11.2026');
    expect(guide).toContain('closes on 21.12.2026');
    expect(guide).toContain(
      'Иванов Максим, 15 лет, ivanov.maksim / Dnevnik-Maksim1: «Вход по паролю закрыт»',
    );
    expect(guide).toContain('Иванова София, 13 лет, ivanova.sofia / Dnevnik-Sofia1: in with the password');
    expect(guide).toContain('Иванова Елена, 42 года');
    expect(guide).toContain('Каримов Рустам, 38 лет, no SNILS');
    expect(guide).toContain('«С 21.12.2026 … вход в дневник будет возможен только через Госуслуги»');
    // A year later the same guide gives the ages of that day.
    const later = demoGuide('http://localhost:3000', [], new Date('2027-12-07T09:00:00Z'));
    expect(later).toContain('Иванов Максим, 16 лет');
    expect(later).toContain('Иванова София, 14 лет');
  });
});

describe('ESIA scopes', () => {
  it('by default only what the flows read: no e-mail, phone, gender or children; more only by configuration', () => {
    const config = loadConfig({});
    if (!config.ok) throw new Error(config.problems.join('; '));
    expect(config.config.esiaScopes).toBe('openid fullname birthdate snils');
    expect(DEFAULT_ESIA_SCOPES.split(' ')).not.toEqual(expect.arrayContaining(['email']));
    const more = loadConfig({ ESIA_SCOPES: 'openid fullname birthdate snils mobile' });
    expect(more.ok && more.config.esiaScopes).toBe('openid fullname birthdate snils mobile');
  });

  it('the README lists each default scope with the flow that reads it', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('### Scopes'),
      readme.indexOf('\n## ', readme.indexOf('### Scopes')),
    );
    for (const scope of DEFAULT_ESIA_SCOPES.split(' '))
      expect(section).toMatch(new RegExp(`\\| \`${scope}\` \\|`));
  });
});
