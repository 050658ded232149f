import type { Role } from '../../src/core/policy.types';
import type { Logger } from '../../src/logger';

/**
 * How the gateway reads one role of a vendor's real vocabulary: the gateway role (src/core ROLES) it is, or
 * deliberately none, with the reason. `note` says what more the vendor's extension must weigh, where the
 * vendor knows something the role name alone does not say.
 */
export type VendorRoleRule =
  { readonly role: Role; readonly note?: string } | { readonly role: null; readonly ignored: string };

/**
 * A vendor's whole role vocabulary as its public source lists it, each key spelled as the vendor spells it. One
 * per vendor family, in its adapter's folder (`<vendor>.roles.ts`): the adapter reads vendor roles through it
 * where a vendor call returns them, and the published diary API (docs/diary-api.openapi.json, `Role`) prints it
 * as the mapping that vendor's extension must apply.
 */
export interface VendorRoleVocabulary {
  /** The vendor as people know it. */
  readonly vendor: string;
  /** The adapter kinds that speak to this vendor. */
  readonly adapterKinds: readonly string[];
  /** Where the vocabulary is published (a public client's file), and where it is not confirmed. */
  readonly source: string;
  readonly roles: Readonly<Record<string, VendorRoleRule>>;
}

/** What the vendor said, in the gateway's roles: each once, and the keys the vocabulary does not know. */
export interface ReadVendorRoles {
  readonly roles: readonly Role[];
  /** Vendor roles outside the vocabulary: the map is out of date, never a reason to guess a role. */
  readonly unknown: readonly string[];
}

/** The gateway role of `vendorRole`: a role, null (known and ignored), or undefined (not in the vocabulary). */
export function gatewayRoleOf(vocabulary: VendorRoleVocabulary, vendorRole: string): Role | null | undefined {
  return Object.hasOwn(vocabulary.roles, vendorRole) ? vocabulary.roles[vendorRole]!.role : undefined;
}

/** Reads a vendor's list of roles through its vocabulary; ignored roles drop out, unknown ones are named. */
export function readVendorRoles(
  vocabulary: VendorRoleVocabulary,
  vendorRoles: readonly string[],
): ReadVendorRoles {
  const roles = new Set<Role>();
  const unknown = new Set<string>();
  for (const vendorRole of vendorRoles) {
    const role = gatewayRoleOf(vocabulary, vendorRole);
    if (role === undefined) unknown.add(vendorRole);
    else if (role !== null) roles.add(role);
  }
  return { roles: [...roles], unknown: [...unknown] };
}

/**
 * Logs the roles of a vendor's answer that its vocabulary does not know (role names only, no account): a
 * vendor that added a role shows in the log, and the map in `<vendor>.roles.ts` gets completed, before anyone
 * is refused for a role read as none. Returns what was read.
 */
export function warnOfUnknownRoles(
  logger: Logger,
  vocabulary: VendorRoleVocabulary,
  vendorRoles: readonly string[],
): ReadVendorRoles {
  const read = readVendorRoles(vocabulary, vendorRoles);
  if (read.unknown.length)
    logger.warn(
      { vendor: vocabulary.vendor, unknownRoles: read.unknown },
      `vendor roles outside the known vocabulary (${vocabulary.source}): read as no role`,
    );
  return read;
}
