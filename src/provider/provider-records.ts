import {
  holdsAccount,
  holdsOid,
  type PersonIdentifiers,
  type PersonalRecordsSource,
} from '../core/ports/personal-records.port';
import type { SharedStoreScan } from '../core/ports/shared-store-scan.port';
import { asObject, type Json, sharedStoreRecords } from '../core/shared-store-records';
import { PENDING_CHANGE_PREFIX, SIGN_IN_PREFIX } from './diary-sign-ins';
import { PROVIDER_RECORD_PREFIX } from './provider.settings';

/** The StateStore keeps its values under `state:`. */
const PROVIDER = `state:${PROVIDER_RECORD_PREFIX}`;
const SIGN_IN = `state:${SIGN_IN_PREFIX}`;
const PENDING = `state:${PENDING_CHANGE_PREFIX}`;

/** True when the provider's `accountId` (`esia:<oid>`, `pwd:<instance>:<user>`) is one of the person's. */
function namesAccount(person: PersonIdentifiers, accountId: unknown): boolean {
  if (typeof accountId !== 'string') return false;
  if (accountId.startsWith('esia:')) return holdsOid(person, accountId.slice('esia:'.length));
  const pwd = /^pwd:([^:]+):(.+)$/.exec(accountId);
  return pwd !== null && holdsAccount(person, pwd[1], pwd[2]);
}

/** The fields of one record that name the person, by its family; [] when it names somebody else. */
function namingFields(prefix: string, value: Json, person: PersonIdentifiers): string[] {
  if (prefix === PROVIDER) return namesAccount(person, value['accountId']) ? ['accountId'] : [];
  if (prefix === SIGN_IN) {
    const fields = [];
    if (holdsAccount(person, value['instanceId'], value['userId'])) fields.push('userId');
    if (holdsOid(person, value['esiaOid'])) fields.push('esiaOid');
    return fields;
  }
  const change = asObject(value['link'] ?? value['unlink']);
  const fields = [];
  if (holdsAccount(person, change['instanceId'], change['userId']))
    fields.push(`${String(value['kind'])}.userId`);
  if (holdsOid(person, change['oid'])) fields.push(`${String(value['kind'])}.oid`, 'personName');
  return fields;
}

/** The record family as docs/personal-data.md names it: `state:op:Session:<id>`, … */
function familyOf(prefix: string, key: string): string {
  if (prefix !== PROVIDER) return `${prefix}<grantId>`;
  const model = key.slice(PROVIDER.length).split(':')[0];
  return `${PROVIDER}${model}:<id>`;
}

/**
 * The OpenID Provider's records in the shared store as a source of a person's records (issue 24): its sessions,
 * grants, codes, tokens, interactions and pushed requests whose `accountId` is the person's, and the sign-ins
 * and held changes of their grants. Erasing them signs the person out of the provider everywhere: without its
 * grant no token of an app still works (the refresh and userinfo endpoints look the grant up), and without its
 * session no diary gets a code without a new sign-in.
 */
export function providerRecords(scan: SharedStoreScan, now: () => Date): PersonalRecordsSource {
  return sharedStoreRecords(scan, now, {
    families: [`${PROVIDER}<Model>:<id>`, `${SIGN_IN}<grantId>`, `${PENDING}<grantId>`],
    prefixes: [PROVIDER, SIGN_IN, PENDING],
    naming: namingFields,
    familyOf,
  });
}
