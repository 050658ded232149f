import type { PolicySettings } from '../../src/core/policy-settings';
import { cutoverStage } from '../../src/services/cutover-stage';

// The console's timeline must say what the decision does: the information window opens `warnDays` before the
// cutover, but never before the announce date (src/core/policy.ts, infoWindowOpens).

const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  timeZone: 'Asia/Yekaterinburg',
  mode: 'enforce',
  announceDate: null,
  cutoverDate: '2026-12-11',
  warnDays: 30,
  minimumAge: 14,
  roles: ['student', 'parent', 'teacher', 'staff'],
  unknownBirthDateRule: 'deny',
  ...over,
});
// Noon in Yekaterinburg (UTC+5) on the given local date.
const on = (date: string) => new Date(`${date}T07:00:00Z`);

describe('cutoverStage: the timeline of the operators’ console', () => {
  it('without an announce date the window opens warnDays before the cutover', () => {
    expect(cutoverStage(settings(), on('2026-11-10'))).toEqual({
      stage: 'announce',
      daysToCutover: 31,
      windowFrom: '2026-11-11',
    });
    expect(cutoverStage(settings(), on('2026-11-11')).stage).toBe('window');
  });

  it('an announce date later than that opens the window on the announce date, as the decision does', () => {
    const late = settings({ announceDate: '2026-11-17' });
    expect(cutoverStage(late, on('2026-11-16'))).toEqual({
      stage: 'announce',
      daysToCutover: 25,
      windowFrom: '2026-11-17',
    });
    expect(cutoverStage(late, on('2026-11-17')).stage).toBe('window');
    // An earlier announce date changes nothing: the window still opens warnDays before.
    expect(cutoverStage(settings({ announceDate: '2026-10-01' }), on('2026-11-10')).windowFrom).toBe(
      '2026-11-11',
    );
  });

  it('from the cutover on: enforce or shadow as the mode says; an announce-only policy stays in the window', () => {
    expect(cutoverStage(settings(), on('2026-12-11'))).toMatchObject({ stage: 'enforce', daysToCutover: 0 });
    expect(cutoverStage(settings({ mode: 'shadow' }), on('2026-12-12')).stage).toBe('shadow');
    expect(cutoverStage(settings({ mode: 'announce' }), on('2026-12-12')).stage).toBe('window');
  });

  it('off is no stage; no cutover date is the announcement with no dates', () => {
    expect(cutoverStage(settings({ mode: 'off' }), on('2026-12-12'))).toEqual({
      stage: null,
      daysToCutover: -1,
      windowFrom: '2026-11-11',
    });
    expect(cutoverStage(settings({ cutoverDate: null }), on('2026-12-12'))).toEqual({
      stage: 'announce',
      daysToCutover: null,
      windowFrom: null,
    });
  });
});
