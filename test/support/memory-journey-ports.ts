import { randomUUID } from 'node:crypto';
import {
  CapabilityNotSupportedError,
  EVERY_CAPABILITY,
  type DiaryAdapter,
  type DiaryCapabilities,
  type DiaryProfile,
  type Membership,
  type SchoolRecordMatch,
} from '../../adapters/contract';
import type {
  AccessRequest,
  AccessRequestsRepository,
  NewAccessRequest,
} from '../../src/store/access-requests.repository';
import type {
  ActiveLink,
  CreateLinkResult,
  LinksRepository,
  NewLink,
} from '../../src/store/links.repository';

/**
 * In-memory stand-ins for the ports of the link, sign-in and access-request use cases, so that their rules are
 * unit-tested (and mutation-tested) without PostgreSQL or a vendor. The stores keep the rules the database
 * enforces (DESIGN §5.3: one active link per diary account, one per ESIA person and instance); the PostgreSQL
 * repositories themselves are tested against PostgreSQL in test/integration.
 */

type LinkPort = Pick<LinksRepository, 'activeOfPerson' | 'activeOfAccount' | 'create' | 'recordConflict'>;

/** Links with the two unique rules of the partial indexes; the conflict audit rows as a list. */
export class MemoryLinks implements LinkPort {
  readonly rows: Array<ActiveLink & { issuer: string }> = [];
  readonly conflicts: Array<{
    instanceId: string;
    actor: string;
    at: Date;
    details: Record<string, string>;
  }> = [];
  readonly created: NewLink[] = [];

  /** The use cases name the PostgreSQL repository as their port; this store has every method they call. */
  asPort(): LinksRepository {
    return this as unknown as LinksRepository;
  }

  /** A link that exists before the test starts. */
  seed(issuer: string, oid: string, instanceId: string, userId: string): ActiveLink {
    const link = {
      id: randomUUID(),
      issuer,
      esiaOid: oid,
      instanceId,
      legacyUserId: userId,
      method: 'settings-page' as const,
      linkedAt: new Date(0),
    };
    this.rows.push(link);
    return link;
  }

  async activeOfPerson(issuer: string, oid: string, instanceId: string): Promise<ActiveLink[]> {
    return this.rows.filter((l) => l.issuer === issuer && l.esiaOid === oid && l.instanceId === instanceId);
  }

  async activeOfAccount(instanceId: string, userId: string): Promise<ActiveLink | null> {
    return this.rows.find((l) => l.instanceId === instanceId && l.legacyUserId === userId) ?? null;
  }

  /** Runs just before each create: a test puts a concurrent writer's link here. */
  beforeCreate: (() => void) | undefined;

  async create(link: NewLink): Promise<CreateLinkResult> {
    this.beforeCreate?.();
    if (await this.activeOfAccount(link.instanceId, link.userId))
      return { ok: false, conflict: 'account_linked' };
    if ((await this.activeOfPerson(link.issuer, link.oid, link.instanceId)).length)
      return { ok: false, conflict: 'person_linked' };
    this.created.push(link);
    return { ok: true, link: this.seed(link.issuer, link.oid, link.instanceId, link.userId) };
  }

  async recordConflict(
    instanceId: string,
    actor: string,
    at: Date,
    details: Record<string, string>,
  ): Promise<void> {
    this.conflicts.push({ instanceId, actor, at, details });
  }
}

type RequestPort = Pick<AccessRequestsRepository, 'create' | 'find' | 'close'>;

/** Access requests as a list; `close` closes only an open one, as the repository does. */
export class MemoryAccessRequests implements RequestPort {
  readonly rows: Array<AccessRequest & { input: NewAccessRequest; closedBy?: string }> = [];

  /** See MemoryLinks.asPort. */
  asPort(): AccessRequestsRepository {
    return this as unknown as AccessRequestsRepository;
  }

  async create(request: NewAccessRequest): Promise<string> {
    const id = randomUUID();
    this.rows.push({
      id,
      instanceId: request.instanceId,
      organizationId: request.organizationId,
      role: request.role,
      reason: request.reason,
      message: request.message,
      contact: request.contact,
      esiaOid: request.esiaOid,
      createdBy: null,
      status: 'open',
      resolution: null,
      createdAt: request.at,
      resolvedAt: null,
      externalId: null,
      linkId: null,
      number: request.deliver ? null : `ЗД-XX-${String(this.rows.length + 1).padStart(6, '0')}`,
      input: request,
    });
    return id;
  }

  async find(id: string): Promise<AccessRequest | null> {
    return this.rows.find((r) => r.id === id) ?? null;
  }

  async close(input: {
    id: string;
    status: 'resolved' | 'rejected';
    resolution: string;
    by: string;
    at: Date;
  }) {
    const row = this.rows.find((r) => r.id === input.id && r.status === 'open');
    if (!row) return false;
    Object.assign(row, {
      status: input.status,
      resolution: input.resolution,
      resolvedAt: input.at,
      closedBy: input.by,
    });
    return true;
  }
}

/** A memory diary that can do everything the contract knows. */
export const ALL_CAPABILITIES: DiaryCapabilities = EVERY_CAPABILITY;

/**
 * A diary vendor as data: accounts (profiles and memberships) and school records found by SNILS. Methods the
 * journeys under test never call refuse, so a test that reaches one fails loudly.
 */
export class MemoryDiary implements DiaryAdapter {
  readonly kind = 'memory';
  readonly profiles = new Map<string, DiaryProfile>();
  readonly memberships = new Map<string, Membership[]>();
  readonly records = new Map<string, SchoolRecordMatch[]>();
  readonly calls: string[] = [];

  /** Mutable, so that a test can switch an ability off midway. */
  constructor(public capabilities: DiaryCapabilities = ALL_CAPABILITIES) {}

  async getProfile(userId: string): Promise<DiaryProfile | null> {
    this.calls.push(`getProfile ${userId}`);
    return this.profiles.get(userId) ?? null;
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    this.calls.push(`listMemberships ${userId}`);
    return this.memberships.get(userId) ?? [];
  }

  async findBySnils(snils: string): Promise<SchoolRecordMatch[]> {
    this.calls.push('findBySnils');
    return this.records.get(snils) ?? [];
  }

  private unused(): never {
    throw new CapabilityNotSupportedError(this.kind, 'passwordLogin');
  }
  searchOrganizations = async () => this.unused();
  verifyPassword = async () => this.unused();
  listChildren = async () => this.unused();
  markLinked = async () => this.unused();
  unlink = async () => this.unused();
  submitAccessRequest = async () => this.unused();
  getAccessRequestStatus = async () => this.unused();
}
