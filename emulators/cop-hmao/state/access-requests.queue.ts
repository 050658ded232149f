import { z } from 'zod';

/** An access request as the gateway sends it (reasons as the gateway spells them). */
export const AccessRequestInput = z.object({
  requestId: z.string().min(1).max(100),
  organizationId: z.string().nullable(),
  role: z.enum(['student', 'parent', 'teacher', 'staff']).nullable(),
  reason: z.enum(['organization_missing', 'profile_missing', 'data_mismatch']),
  message: z.string().max(2000),
  contact: z.string().max(200),
  personName: z.string().max(300),
});
/** What POST /access-requests takes. */
export type AccessRequestInput = z.infer<typeof AccessRequestInput>;

/** One request in an organization's queue. */
export interface QueuedAccessRequest extends AccessRequestInput {
  readonly id: string;
  status: 'NEW' | 'RESOLVED' | 'REJECTED';
  readonly createdAt: Date;
  resolvedAt: Date | null;
  /** What the staff member did, in words the requester reads. */
  resolution: string | null;
  /** The profile the requester can now sign in to (after a resolve). */
  userId: string | null;
}

/** A queued request as JSON keeps it. */
export type SavedAccessRequest = Omit<QueuedAccessRequest, 'createdAt' | 'resolvedAt'> & {
  createdAt: string;
  resolvedAt: string | null;
};

/**
 * The platform's own queue of access requests. Submitting is idempotent on the gateway's requestId: the
 * gateway's outbox delivers at least once, so a repeat must not queue the person twice.
 */
export class AccessRequestQueue {
  private readonly items: QueuedAccessRequest[];

  constructor(
    private readonly tenant: string,
    private readonly clock: { now(): Date },
    /** The queue as the platform kept it before a restart (dates as ISO strings, as JSON holds them). */
    saved: readonly SavedAccessRequest[] = [],
    /** Called after every change, so that the platform can keep its state. */
    private readonly changed: () => void = () => undefined,
  ) {
    this.items = saved.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt),
      resolvedAt: r.resolvedAt ? new Date(r.resolvedAt) : null,
    }));
  }

  /** Every request, for the platform's saved state. */
  all(): readonly QueuedAccessRequest[] {
    return this.items;
  }

  submit(input: AccessRequestInput): { request: QueuedAccessRequest; created: boolean } {
    const existing = this.items.find((r) => r.requestId === input.requestId);
    if (existing) return { request: existing, created: false };
    const id = `ЗД-${this.tenant}-${String(this.items.length + 1).padStart(6, '0')}`;
    const request: QueuedAccessRequest = {
      ...input,
      id,
      status: 'NEW',
      createdAt: this.clock.now(),
      resolvedAt: null,
      resolution: null,
      userId: null,
    };
    this.items.push(request);
    this.changed();
    return { request, created: true };
  }

  get(id: string): QueuedAccessRequest | undefined {
    return this.items.find((r) => r.id === id);
  }

  /** The queue of one organization; `null` (the municipality) sees every queue. */
  forOrganization(organizationId: string | null): QueuedAccessRequest[] {
    return this.items.filter((r) => organizationId === null || r.organizationId === organizationId);
  }

  close(
    id: string,
    outcome: { status: 'RESOLVED' | 'REJECTED'; resolution: string; userId: string | null },
  ): void {
    const request = this.get(id);
    if (!request || request.status !== 'NEW') return;
    Object.assign(request, outcome, { resolvedAt: this.clock.now() });
    this.changed();
  }
}
