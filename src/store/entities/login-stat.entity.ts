import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Age band of a login, the only trace of a person's age kept for readiness reports. */
export type AgeBand = 'under_14' | '14_17' | '18_plus' | 'unknown';
/** The password-login decision (DESIGN §5.4), or 'esia' for a sign-in through Gosuslugi. */
export type LoginDecision = 'allow' | 'warn' | 'deny' | 'shadow-deny' | 'esia';

/** Daily login counters per tenant, instance, age band and decision: aggregates only, no personal data. */
@Entity({ name: 'login_stats' })
export class LoginStatEntity {
  /** Local calendar day (YYYY-MM-DD) in the tenant's time zone. */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @PrimaryColumn({ name: 'age_band', type: 'text' })
  ageBand!: AgeBand;

  @PrimaryColumn({ type: 'text' })
  decision!: LoginDecision;

  /** int8 comes back from pg as a string. */
  @Column({ type: 'bigint', default: 0 })
  count!: string;
}
