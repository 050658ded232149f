import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock';
import { formatIsoDate, localDateAt } from '../core/local-date';
import type { Logger } from '../logger';
import type { DiaryDirectory } from './diary-directory';

/** The window the console's share of active users linked is about. */
export const ACTIVE_USERS_WINDOW_DAYS = 30;
/** How often each diary is asked (the diary API promises vendors at most once an hour). */
const ASK_EVERY_MS = 60 * 60_000;

/**
 * Asks each diary that reports its active users (adapter countActiveUsers, issue 19) how many it had over the
 * last 30 days, at start and every hour, and keeps the day's last answer in diary_active_users, where the
 * readiness (console, CSV, ops API, CLI) reads it. A diary that does not answer is skipped until the next
 * round; nothing waits for it.
 */
export class ActiveUsersReporter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      diaries: Pick<DiaryDirectory, 'all'>;
      clock: Clock;
      logger: Logger;
    },
    private readonly everyMs = ASK_EVERY_MS,
  ) {}

  /** Asks now (in the background) and then every hour until stop(). */
  start(): void {
    const tick = () => {
      this.running = this.runOnce().finally(() => {
        this.timer = setTimeout(tick, this.everyMs);
        this.timer.unref();
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round over every diary; returns how many answered. */
  async runOnce(): Promise<number> {
    const zones = new Map<string, string>(
      (
        (await this.deps.dataSource.query(
          `SELECT i.id, t.time_zone AS "timeZone" FROM diary_instances i JOIN tenants t ON t.id = i.tenant_id`,
        )) as Array<{ id: string; timeZone: string }>
      ).map((r) => [r.id, r.timeZone]),
    );
    const answered = await Promise.all(
      this.deps.diaries.all().map(async (diary) => {
        const zone = zones.get(diary.id);
        if (!diary.adapter.countActiveUsers || !zone) return false;
        try {
          const count = await diary.adapter.countActiveUsers(ACTIVE_USERS_WINDOW_DAYS);
          if (!count) return false;
          const now = this.deps.clock.now();
          await this.deps.dataSource.query(
            `INSERT INTO diary_active_users (instance_id, day, window_days, active_users, reported_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (instance_id, day) DO UPDATE SET window_days = $3, active_users = $4, reported_at = $5`,
            [diary.id, formatIsoDate(localDateAt(now, zone)), count.days, count.activeUsers, now],
          );
          return true;
        } catch (err) {
          this.deps.logger.warn({ err, instance: diary.id }, 'diary active users not read');
          return false;
        }
      }),
    );
    return answered.filter(Boolean).length;
  }
}
