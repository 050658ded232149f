import { latestDateOnEarth, parseBirthDate } from '../../src/core/birth-date';

describe('parseBirthDate: a date that could be somebody’s birth date', () => {
  const today = { year: 2026, month: 12, day: 7 };
  it.each([
    ['2026-12-07', 'iso', null],
    ['1900-01-01', 'iso', null],
    ['29.02.2012', 'esia', null],
    ['2026-12-08', 'iso', 'future'],
    ['1899-12-31', 'iso', 'before_1900'],
    ['0001-01-01', 'iso', 'before_1900'],
    ['2013-02-29', 'iso', 'not_a_date'],
    ['2013-13-01', 'iso', 'not_a_date'],
    ['31.04.2012', 'esia', 'not_a_date'],
    ['2012-04-31', 'esia', 'format'],
    ['10.03.2011', 'iso', 'format'],
    ['2011-3-10', 'iso', 'format'],
    ['', 'iso', 'format'],
    [' 2012-01-01 ', 'iso', null],
    ['\t29.02.2012\n', 'esia', null],
    ['x2012-01-01', 'iso', 'format'],
    ['2012-01-01x', 'iso', 'format'],
    ['29.02.2012x', 'esia', 'format'],
    ['x29.02.2012', 'esia', 'format'],
  ] as const)('%s written %s: %s', (text, spelling, problem) => {
    const parsed = parseBirthDate(text, today, spelling);
    expect(parsed.ok ? null : parsed.problem).toBe(problem);
  });
});

describe('latestDateOnEarth', () => {
  it('is the date in Kiritimati (UTC+14): already tomorrow from 10:00 UTC, today before', () => {
    expect(latestDateOnEarth(new Date('2026-12-07T09:59:59Z'))).toEqual({ year: 2026, month: 12, day: 7 });
    expect(latestDateOnEarth(new Date('2026-12-07T10:00:00Z'))).toEqual({ year: 2026, month: 12, day: 8 });
  });
});

describe('parseBirthDate gives the date it read', () => {
  const today = { year: 2026, month: 12, day: 7 };
  it('from either spelling', () => {
    expect(parseBirthDate('2011-03-10', today)).toEqual({
      ok: true,
      date: { year: 2011, month: 3, day: 10 },
    });
    expect(parseBirthDate('10.03.2011', today, 'esia')).toEqual({
      ok: true,
      date: { year: 2011, month: 3, day: 10 },
    });
    expect(parseBirthDate('2011-03-10', today, 'iso')).toEqual(parseBirthDate('2011-03-10', today));
  });
  it('refuses with ok: false and the problem', () => {
    expect(parseBirthDate('nope', today)).toEqual({ ok: false, problem: 'format' });
    expect(parseBirthDate('2011-02-29', today)).toEqual({ ok: false, problem: 'not_a_date' });
    expect(parseBirthDate('1899-01-01', today)).toEqual({ ok: false, problem: 'before_1900' });
    expect(parseBirthDate('2027-01-01', today)).toEqual({ ok: false, problem: 'future' });
  });
});
