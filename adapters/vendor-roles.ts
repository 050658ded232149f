import { ELJUR_ROLES } from './cop-hmao/eljur.roles';
import { DNEVNIK_ROLES } from './dnevnik/dnevnik.roles';
import { SETEVOY_ROLES } from './setevoy-region/setevoy.roles';
import type { VendorRoleVocabulary } from './shared/vendor-roles';

/**
 * Every vendor role vocabulary, one per vendor family (each in its adapter's folder), for the published diary
 * API, which prints them as the mapping each vendor's extension applies. A vendor whose adapter is the generic
 * diary-api one has no vocabulary here: it answers in the gateway's roles itself.
 */
export const VENDOR_ROLE_VOCABULARIES: readonly VendorRoleVocabulary[] = [
  DNEVNIK_ROLES,
  ELJUR_ROLES,
  SETEVOY_ROLES,
];
