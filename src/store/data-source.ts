import 'reflect-metadata';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from '../logger';
import { InitialSchema1763830000000 } from '../../migrations/1763830000000-initial-schema';
import { AccessRequestVendorSync1767000000000 } from '../../migrations/1767000000000-access-request-vendor-sync';
import { DiaryInstanceSettings1781000000000 } from '../../migrations/1781000000000-diary-instance-settings';
import { AdminAudit1781100000000 } from '../../migrations/1781100000000-admin-audit';
import { PersonalDataRetention1781150000000 } from '../../migrations/1781150000000-personal-data-retention';
import { OpenIdProvider1782000000000 } from '../../migrations/1782000000000-openid-provider';
import { ActivityCounts1783000000000 } from '../../migrations/1783000000000-activity-counts';
import { ActivityRecent1783100000000 } from '../../migrations/1783100000000-activity-recent';
import { AccessRequestNumber1783500000000 } from '../../migrations/1783500000000-access-request-number';
import { DiaryActiveUsers1783600000000 } from '../../migrations/1783600000000-diary-active-users';
import { AdminAuditEntryEntity } from './entities/admin-audit-entry.entity';
import { AccessRequestEntity } from './entities/access-request.entity';
import { ApiCredentialEntity } from './entities/api-credential.entity';
import { BypassWindowEntity } from './entities/bypass-window.entity';
import { DiaryInstanceEntity } from './entities/diary-instance.entity';
import { ExemptionEntity } from './entities/exemption.entity';
import { LinkEventEntity } from './entities/link-event.entity';
import { LinkEntity } from './entities/link.entity';
import { LoginStatEntity } from './entities/login-stat.entity';
import { OperatorEntity } from './entities/operator.entity';
import { OutboxMessageEntity } from './entities/outbox-message.entity';
import { PolicyChangeEntity } from './entities/policy-change.entity';
import { PolicyEntity } from './entities/policy.entity';
import { ProviderSigningKeyEntity } from './entities/provider-signing-key.entity';
import { TenantEntity } from './entities/tenant.entity';
import { parseDatabaseUrl } from '../config/database-address';
import { serverChoosingClient } from './server-choosing-client';

/** Every entity, listed (not globbed) so the same code runs under ts-jest and from dist/. */
export const ENTITIES = [
  TenantEntity,
  DiaryInstanceEntity,
  LinkEntity,
  LinkEventEntity,
  PolicyEntity,
  PolicyChangeEntity,
  BypassWindowEntity,
  ExemptionEntity,
  AccessRequestEntity,
  OutboxMessageEntity,
  LoginStatEntity,
  ApiCredentialEntity,
  OperatorEntity,
  AdminAuditEntryEntity,
  ProviderSigningKeyEntity,
];

/** Every migration, oldest first; a new migration is a file in migrations/ and a line here. */
export const MIGRATIONS = [
  InitialSchema1763830000000,
  AccessRequestVendorSync1767000000000,
  DiaryInstanceSettings1781000000000,
  AdminAudit1781100000000,
  PersonalDataRetention1781150000000,
  OpenIdProvider1782000000000,
  ActivityCounts1783000000000,
  ActivityRecent1783100000000,
  AccessRequestNumber1783500000000,
  DiaryActiveUsers1783600000000,
];

export interface DataSourceSettings {
  /** One host, or several with target_session_attrs (database-address.ts): the pool follows a failover. */
  url: string;
  poolMax: number;
  logger?: Logger;
  /** Server-side limit per statement; 0 turns it off (migrations building indexes on big tables). */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  applicationName?: string;
}

/**
 * A TypeORM data source over pg that never changes the schema by itself (no synchronize, no migrationsRun,
 * no CREATE EXTENSION). It keeps no session state, so it works through PgBouncer in transaction mode: pg sends
 * unnamed statements, and the timeouts travel as startup parameters rather than SET. Behind PgBouncer, list
 * statement_timeout and idle_in_transaction_session_timeout in `track_extra_parameters` (1.23+), or in
 * `ignore_startup_parameters` and set them on the role with ALTER ROLE … SET.
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const statementTimeoutMs = settings.statementTimeoutMs ?? 5000;
  const address = parseDatabaseUrl(settings.url);
  const connectTimeoutMs = settings.connectTimeoutMs ?? 5000;
  return new DataSource({
    type: 'postgres',
    url: address.singleHostUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
    installExtensions: false,
    applicationName: settings.applicationName ?? 'esia-link-gateway',
    connectTimeoutMS: connectTimeoutMs,
    poolSize: settings.poolMax,
    extra: {
      statement_timeout: statementTimeoutMs || undefined,
      // A transaction left open by a bug must not hold locks (and a PgBouncer server connection) for ever.
      idle_in_transaction_session_timeout: 60_000,
      idleTimeoutMillis: 30_000,
      ...(address.choosesServer && {
        Client: serverChoosingClient(address, {
          connectionString: address.singleHostUrl,
          connectionTimeoutMillis: connectTimeoutMs,
          application_name: `${settings.applicationName ?? 'esia-link-gateway'}:probe`,
        }),
      }),
    },
    maxQueryExecutionTime: 1000,
    logger: settings.logger ? new PinoTypeOrmLogger(settings.logger) : undefined,
    logging: settings.logger ? 'all' : false,
  });
}

/** Routes TypeORM's messages to pino. Query parameters are never logged: they can carry personal data. */
class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(query: string): void {
    this.logger.trace({ query }, 'sql');
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.warn({ err: error instanceof Error ? error : new Error(error), query }, 'sql failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query }, 'slow sql');
  }
  logSchemaBuild(message: string): void {
    this.logger.info(message);
  }
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }
}
