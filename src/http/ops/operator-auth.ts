import type { NextFunction, Request, Response } from 'express';
import type { Clock } from '../../core/clock';
import type { OperatorPrincipal } from '../../services/ops-access';
import { OperatorForbiddenError, OperatorUnauthenticatedError } from '../../core/policy.errors';
import type { OperatorTokensRepository } from '../../store/operator-tokens.repository';
import type { OperatorsRepository } from '../../store/operators.repository';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set once an operator is authenticated (console session or API bearer token). */
    operator?: OperatorPrincipal;
  }
}

/** `Authorization: Bearer <keyId>.<secret>` for the ops API; the token's scope and role become the principal. */
export function bearerOperator(tokens: Pick<OperatorTokensRepository, 'verify'>, clock: Clock) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const grant = m ? await tokens.verify(m[1]!, clock.now()) : null;
    if (!grant) throw new OperatorUnauthenticatedError('no valid operator token');
    req.operator = { actor: `token:${grant.keyId}`, role: grant.role, tenantIds: grant.tenantIds };
    next();
  };
}

/** The ESIA person signed in for the purpose `operator`, as the session keeps them (src/http/esia-callback.route.ts). */
export function sessionEsiaOperator(req: Request): { oid: string; displayName: string } | undefined {
  const esia = (req.session as unknown as Record<string, unknown> | undefined)?.['esia'] as
    { oid?: unknown; purpose?: unknown; displayName?: unknown } | undefined;
  if (!esia || esia.purpose !== 'operator' || typeof esia.oid !== 'string') return undefined;
  return { oid: esia.oid, displayName: String(esia.displayName ?? esia.oid) };
}

/**
 * The console's guard: an ESIA sign-in with purpose `operator` by a person on the operators list (checked on
 * every request, so a revoked operator is out at once). Without a sign-in, `onMissing` (the sign-in page).
 */
export function sessionOperator(
  operators: Pick<OperatorsRepository, 'findActive'>,
  onMissing: (req: Request, res: Response) => void,
) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const person = sessionEsiaOperator(req);
    if (!person) return onMissing(req, res);
    const record = await operators.findActive(person.oid);
    if (!record) throw new OperatorForbiddenError('signed-in person is not an operator');
    req.operator = {
      actor: `${record.displayName} (esia ${record.esiaOid})`,
      role: record.role,
      tenantIds: record.tenantIds,
    };
    next();
  };
}
