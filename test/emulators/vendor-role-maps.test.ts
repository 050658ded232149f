import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EljurApiClient, RulesResult } from '../../adapters/cop-hmao/eljur-api.client';
import { ELJUR_ROLES } from '../../adapters/cop-hmao/eljur.roles';
import { DNEVNIK_ROLES, dnevnikRoleOf } from '../../adapters/dnevnik/dnevnik.roles';
import { SETEVOY_ROLES } from '../../adapters/setevoy-region/setevoy.roles';
import { readVendorRoles } from '../../adapters/shared/vendor-roles';
import { startCopHmaoEmulator } from '../../emulators/cop-hmao/cop-emulator.server';
import { loadCopRecords } from '../../emulators/cop-hmao/cop-records.fixture';
import type { DnevnikMembership } from '../../emulators/dnevnik/dnevnik.fixture';
import { gatewayRoleOf as dnevnikEmulatorRoleOf } from '../../emulators/dnevnik/extension/extension-roles';
import { API_ROLE_OF } from '../../emulators/setevoy-region/roles';
import { copExtension } from './cop-hmao-extension.client';

/**
 * The emulators may not import adapters/ (.dependency-cruiser.cjs): each keeps its own copy of the role map its
 * vendor's extension applies. These tests hold each copy equal to the map the adapter publishes in the diary
 * API document (adapters/<vendor>/<vendor>.roles.ts), so the demo cannot answer roles the document denies.
 */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'emulators', 'fixtures', name), 'utf8'));

/** Every `role` value anywhere in a fixture's people. */
const rolesIn = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(rolesIn)
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => (k === 'role' && typeof v === 'string' ? [v] : rolesIn(v)))
      : [];

describe('«Сетевой Регион»: the emulator’s extension maps roles as setevoy.roles.ts publishes', () => {
  it('has the same map, key by key', () => {
    expect(API_ROLE_OF).toEqual(
      Object.fromEntries(Object.entries(SETEVOY_ROLES.roles).map(([key, rule]) => [key, rule.role])),
    );
  });

  it('knows exactly the vocabulary the fixture recorded from nm17/netschoolapi', () => {
    const recorded = z
      .object({ recorded: z.object({ roles: z.array(z.object({ key: z.string() })) }) })
      .parse(fixture('setevoy-region.json'));
    expect(recorded.recorded.roles.map((r) => r.key).sort()).toEqual(Object.keys(SETEVOY_ROLES.roles).sort());
  });
});

describe('Дневник.ру: the emulator’s extension maps roles as dnevnik.roles.ts publishes', () => {
  const positions = [
    undefined,
    'Учитель физики',
    'Педагог дополнительного образования',
    'Секретарь',
    'Завхоз',
  ];

  it.each(Object.keys(DNEVNIK_ROLES.roles))(
    'maps %s as the adapter’s map does, at every position',
    (role) => {
      for (const position of positions) {
        const membership = { school: '1', role: role as DnevnikMembership['role'], position };
        expect({ position, role: dnevnikEmulatorRoleOf(membership) }).toEqual({
          position,
          role: dnevnikRoleOf(role, position),
        });
      }
    },
  );

  it('gives its people only roles of the vocabulary', () => {
    const used = new Set(rolesIn(fixture('dnevnik.json')));
    expect(used.size).toBeGreaterThan(2);
    for (const role of used) expect(Object.keys(DNEVNIK_ROLES.roles)).toContain(role);
  });
});

describe('ЦОП ХМАО-Югры: ЭлЖур’s getrules roles, read by eljur.roles.ts, are the extension’s memberships', () => {
  const records = loadCopRecords();
  let emulator: Awaited<ReturnType<typeof startCopHmaoEmulator>>;
  beforeAll(async () => {
    emulator = await startCopHmaoEmulator({ port: 0, records });
  });
  afterAll(() => emulator.close());

  // A blocked account cannot sign in to ЭлЖур: there is no getrules to compare.
  const blocked = new Set(records.blockedAccounts.map((b) => b.userId));
  const logins = records.eljur.logins.filter((l) => !blocked.has(l.userId));

  it('has accounts to compare, the blocked one aside', () => {
    expect(logins.length).toBeGreaterThan(2);
  });

  it.each(logins.map((l) => [l.login, l] as const))(
    '%s: at each school of the account, the same gateway roles both ways',
    async (_login, { userId, login, password }) => {
      const eljur = new EljurApiClient(emulator.url, '/apiv3', records.eljur.devkeys[0]!, 5000);
      const memberships = (await copExtension(emulator.url).get(`/users/${userId}/memberships`)).body.items;
      const schools = [...new Set(memberships.map((m) => (m['organization'] as { id: string }).id))];
      expect(schools.length).toBeGreaterThan(0);
      for (const schoolId of schools) {
        const vendor = records.organizations.find((o) => o.id === schoolId)!.vendor;
        const auth = await eljur.call('auth', vendor, { login, password }, 'POST');
        if (auth.kind !== 'result') throw new Error(`${login} refused at ${vendor}`);
        const token = z.object({ token: z.string() }).parse(auth.result).token;
        const rules = await eljur.read(RulesResult, 'getrules', vendor, { auth_token: token });
        const read = readVendorRoles(ELJUR_ROLES, rules.roles);
        const extension = memberships
          .filter((m) => (m['organization'] as { id: string }).id === schoolId)
          .map((m) => m['role']);
        expect({ schoolId, unknown: read.unknown, roles: [...read.roles].sort() }).toEqual({
          schoolId,
          unknown: [],
          roles: [...new Set(extension)].sort(),
        });
      }
    },
  );
});
