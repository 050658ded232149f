import type { OperatorRole } from '../store/entities/operator.entity';
import { OperatorForbiddenError, OpsNotFoundError } from '../core/policy.errors';

/** Whoever acts in the console or the ops API: a label for the audit log, a role, and their regions. */
export interface OperatorPrincipal {
  /** What the audit log records as "who" (an ESIA person or an API token, never a secret). */
  readonly actor: string;
  readonly role: OperatorRole;
  readonly tenantIds: readonly string[];
}

/** A region outside the operator's scope is answered as not found, so its existence is not revealed either. */
export function assertSees(op: OperatorPrincipal, tenantId: string): void {
  if (!op.tenantIds.includes(tenantId)) throw new OpsNotFoundError(`tenant ${tenantId} outside scope`);
}

/** Seeing the region first (404 before 403), then the editor role. */
export function assertEdits(op: OperatorPrincipal, tenantId: string): void {
  assertSees(op, tenantId);
  if (op.role !== 'editor') throw new OperatorForbiddenError(`${op.actor} is a viewer`);
}
