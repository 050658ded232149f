import { FixedClock, systemClock } from '../../src/core/clock';

describe('clocks', () => {
  it('the system clock reads the time of day', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('a fixed clock stands still until a test sets or moves it', () => {
    const clock = new FixedClock(new Date('2026-09-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-09-01T00:00:00.000Z');
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-09-01T00:00:01.500Z');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('hands out copies and keeps one of what it is set to: changing either Date does not move it', () => {
    const clock = new FixedClock(new Date('2026-09-01T00:00:00Z'));
    clock.now().setTime(0);
    expect(clock.now().toISOString()).toBe('2026-09-01T00:00:00.000Z');
    const later = new Date('2026-10-01T00:00:00Z');
    clock.set(later);
    later.setTime(0);
    expect(clock.now().toISOString()).toBe('2026-10-01T00:00:00.000Z');
  });
});
