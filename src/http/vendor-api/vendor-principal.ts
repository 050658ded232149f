import type { Request } from 'express';
import { UnauthenticatedError } from '../../core/errors';

/** The diary instance a verified vendor request speaks for (set by vendorAuthentication). */
export function vendorOf(req: Request): { instanceId: string; keyId: string } {
  if (!req.vendor) throw new UnauthenticatedError('vendor request without verified key');
  return req.vendor;
}
