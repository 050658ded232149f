import { snilsFormsOf } from '../fixtures/snils-forms';
import {
  CapabilityNotSupportedError,
  VendorUnavailableError,
  type AccessRequestForVendor,
  type DiaryAdapter,
  type DiaryCapabilities,
  type LinkNotice,
  type PasswordCredentials,
} from '../../adapters/contract';

/**
 * What the contract suite needs to know about the data in a vendor's emulator. Each adapter's test file
 * supplies it from emulators/fixtures/ (the same personas the ESIA emulator has).
 */
export interface DiaryContractFixtures {
  /** A working login (only with passwordLogin). */
  readonly validCredentials?: PasswordCredentials & { readonly userId: string };
  /** The same login with a wrong password. */
  readonly wrongPassword?: PasswordCredentials;
  /** A locked account's working credentials. */
  readonly lockedCredentials?: PasswordCredentials;
  /**
   * A working login the suite may lock out by guessing (optional, with passwordLogin): after `guesses` wrong
   * passwords even the right one is refused as rate_limited with the wait. Used by no other test here.
   */
  readonly rateLimited?: { readonly credentials: PasswordCredentials; readonly guesses: number };
  /** A locked (blocked) account: every vendor has one, and getProfile must say so. */
  readonly lockedUserId: string;
  /** A student with a birth date and a membership in an organization. */
  readonly student: { readonly userId: string; readonly birthDate: string; readonly organizationId: string };
  /** A parent and the first names of their children (with children). */
  readonly parent?: { readonly userId: string; readonly childFirstNames: readonly string[] };
  /** A record without a birth date. */
  readonly withoutBirthDate?: { readonly userId: string };
  /** A SNILS on a school record, and the user it belongs to (with snilsMatch). */
  readonly snilsOnRecord?: { readonly snils: string; readonly userId: string };
  /** A person whose records belong to several profiles, and those profiles (with snilsMatch). */
  readonly snilsWithSeveralProfiles?: { readonly snils: string; readonly userIds: readonly string[] };
  /** A top-level cascade query that returns at least one choice (with organizationSearch). */
  readonly organizationSearch?: {
    readonly query: Parameters<DiaryAdapter['searchOrganizations']>[0];
    readonly expectName: string;
  };
}

/** One vendor's adapter under test, its emulator, and a switch that takes the vendor down. */
export interface DiaryContractSubject {
  readonly adapter: DiaryAdapter;
  readonly fixtures: DiaryContractFixtures;
  /** Makes the vendor stop answering (true) or answer again (false). */
  setVendorDown(down: boolean): Promise<void>;
  /** What the vendor itself recorded about a user's ESIA link, read past the adapter (with linkNotifications). */
  readLinkState?(userId: string): Promise<{ readonly linked: boolean; readonly linkId: string | null }>;
  close(): Promise<void>;
}

const UNKNOWN_USER = '999999999999999999';

/** A request the suite hands to vendors; `overrides` make the variants. */
const accessRequest = (overrides: Partial<AccessRequestForVendor> = {}): AccessRequestForVendor => ({
  requestId: '00000000-0000-4000-8000-000000000002',
  organizationId: null,
  role: 'parent',
  reason: 'profile_missing',
  message: 'Нет профиля родителя',
  contact: '+7 900 000-00-00',
  personName: 'Иванова Елена Сергеевна',
  ...overrides,
});

/**
 * The suite every diary adapter passes against its emulator (keyv-style: a factory in, every behaviour
 * checked). Abilities an adapter declares off are asserted as refused with CapabilityNotSupportedError,
 * never skipped.
 */
export function describeDiaryAdapterContract(
  name: string,
  declared: DiaryCapabilities,
  makeSubject: () => Promise<DiaryContractSubject>,
): void {
  describe(`diary adapter contract: ${name}`, () => {
    let subject: DiaryContractSubject;
    let adapter: DiaryAdapter;
    beforeAll(async () => {
      subject = await makeSubject();
      adapter = subject.adapter;
    });
    afterAll(async () => {
      await subject?.close();
    });
    afterEach(async () => {
      await subject.setVendorDown(false);
    });

    it('declares the capabilities its descriptor says', () => {
      expect(adapter.capabilities).toEqual(declared);
    });

    it('reads a profile with roles and a birth date, and null for an unknown user', async () => {
      const { student } = subject.fixtures;
      const profile = await adapter.getProfile(student.userId);
      expect(profile).toMatchObject({ userId: student.userId, birthDate: student.birthDate, locked: false });
      expect(profile!.roles).toContain('student');
      expect(typeof profile!.userId).toBe('string');
      expect(await adapter.getProfile(UNKNOWN_USER)).toBeNull();
    });

    it('lists memberships as organization and role', async () => {
      const { student } = subject.fixtures;
      const memberships = await adapter.listMemberships(student.userId);
      expect(memberships).toContainEqual(
        expect.objectContaining({
          role: 'student',
          organization: expect.objectContaining({ id: student.organizationId }),
        }),
      );
    });

    it('reads a locked account as locked', async () => {
      expect(await adapter.getProfile(subject.fixtures.lockedUserId)).toMatchObject({ locked: true });
    });

    it('keeps a missing birth date as null, not a made-up date', async () => {
      const who = subject.fixtures.withoutBirthDate;
      if (!who) throw new Error('fixture withoutBirthDate is required: every vendor has such records');
      expect((await adapter.getProfile(who.userId))?.birthDate).toBeNull();
    });

    if (declared.passwordLogin) {
      it('accepts the right password and names the account', async () => {
        const c = subject.fixtures.validCredentials!;
        expect(await adapter.verifyPassword(c)).toEqual({ ok: true, userId: c.userId });
      });
      it('refuses a wrong password as a result, not an error', async () => {
        expect(await adapter.verifyPassword(subject.fixtures.wrongPassword!)).toEqual(
          expect.objectContaining({ ok: false, reason: 'bad_credentials' }),
        );
      });
      it('refuses a locked account as locked', async () => {
        expect(await adapter.verifyPassword(subject.fixtures.lockedCredentials!)).toEqual(
          expect.objectContaining({ ok: false, reason: 'account_locked' }),
        );
      });
      it('refuses guessing as rate_limited with the wait, even the right password (fixture rateLimited)', async () => {
        // Optional: a vendor that does not throttle has nothing to show; every vendor here does and supplies it.
        const limited = subject.fixtures.rateLimited;
        if (!limited) return;
        const { credentials, guesses } = limited;
        for (let i = 0; i < guesses; i++)
          expect(
            await adapter.verifyPassword({ ...credentials, password: `${credentials.password}-guess-${i}` }),
          ).toEqual(expect.objectContaining({ ok: false, reason: 'bad_credentials' }));
        const result = await adapter.verifyPassword(credentials);
        expect(result).toEqual({ ok: false, reason: 'rate_limited', retryAfterSeconds: expect.any(Number) });
        expect(result.ok === false && result.retryAfterSeconds! > 0).toBe(true);
      });
    } else {
      it('refuses password checks: the vendor has no password login', async () => {
        await expect(adapter.verifyPassword({ login: 'x', password: 'y' })).rejects.toBeInstanceOf(
          CapabilityNotSupportedError,
        );
      });
    }

    if (declared.children) {
      it("lists a parent's children", async () => {
        const parent = subject.fixtures.parent!;
        const names = (await adapter.listChildren(parent.userId)).map((c) => c.firstName).sort();
        expect(names).toEqual([...parent.childFirstNames].sort());
      });
    } else {
      it('refuses to list children', async () => {
        await expect(adapter.listChildren(subject.fixtures.student.userId)).rejects.toBeInstanceOf(
          CapabilityNotSupportedError,
        );
      });
    }

    if (declared.snilsMatch) {
      it('finds the school record by SNILS in any common spelling, and nothing for another SNILS', async () => {
        const { snils, userId } = subject.fixtures.snilsOnRecord!;
        const matches = await adapter.findBySnils(snils);
        expect(matches.map((m) => m.userId)).toContain(userId);
        expect(matches.find((m) => m.userId === userId)!.memberships.length).toBeGreaterThan(0);
        expect(await adapter.findBySnils('000-000-001 00')).toEqual([]);
      });
      it('reads SNILS by the one rule: each of the 32 forms of issue 20 finds the record exactly when valid', async () => {
        const { snils, userId } = subject.fixtures.snilsOnRecord!;
        const answers = [];
        for (const { label, form, expected } of snilsFormsOf(snils.replace(/\D/g, ''))) {
          const found = (await adapter.findBySnils(form)).some((m) => m.userId === userId);
          answers.push({ label, found, expected: expected === 'valid' });
        }
        expect(answers.filter((a) => a.found !== a.expected)).toEqual([]);
      });
      it('finds every profile of a person whose records belong to several, each once', async () => {
        const several = subject.fixtures.snilsWithSeveralProfiles;
        if (!several) throw new Error('fixture snilsWithSeveralProfiles is required with snilsMatch');
        expect(new Set(several.userIds).size).toBeGreaterThan(1);
        const matches = await adapter.findBySnils(several.snils);
        expect(matches.map((m) => m.userId).sort()).toEqual([...several.userIds].sort());
        for (const match of matches) expect(match.memberships.length).toBeGreaterThan(0);
      });
    } else {
      it('refuses SNILS matching, whatever the form of the SNILS', async () => {
        for (const { form } of snilsFormsOf('11223344595')) {
          await expect(adapter.findBySnils(form)).rejects.toBeInstanceOf(CapabilityNotSupportedError);
        }
      });
    }

    if (declared.organizationSearch) {
      it('answers a level of the organization cascade', async () => {
        const { query, expectName } = subject.fixtures.organizationSearch!;
        const choices = await adapter.searchOrganizations(query);
        expect(choices.map((c) => c.name)).toContain(expectName);
      });
      it('answers every level, «Населённый пункт» included, with a list (empty where it has no such level)', async () => {
        for (const level of ['municipality', 'settlement', 'type', 'organization'] as const)
          expect(Array.isArray(await adapter.searchOrganizations({ level, chosen: {} }))).toBe(true);
      });
    } else {
      it('refuses organization search, at every level', async () => {
        for (const level of ['municipality', 'settlement', 'type', 'organization'] as const)
          await expect(adapter.searchOrganizations({ level, chosen: {} })).rejects.toBeInstanceOf(
            CapabilityNotSupportedError,
          );
      });
    }

    const notice: LinkNotice = {
      linkId: '00000000-0000-4000-8000-000000000001',
      userId: '',
      at: new Date('2026-11-22T09:00:00Z'),
    };
    if (declared.linkNotifications) {
      it('marks a link and an unlink idempotently, and the vendor really records both', async () => {
        const read = subject.readLinkState?.bind(subject);
        if (!read) throw new Error('readLinkState is required with linkNotifications');
        const mine = { ...notice, userId: subject.fixtures.student.userId };
        expect(await adapter.markLinked(mine)).toBe('done');
        expect(await adapter.markLinked(mine)).toBe('done');
        expect(await read(mine.userId)).toEqual({ linked: true, linkId: mine.linkId });
        expect(await adapter.unlink(mine)).toBe('done');
        expect(await adapter.unlink(mine)).toBe('done');
        expect(await read(mine.userId)).toEqual({ linked: false, linkId: null });
      });
      it("answers 'gone' for an account the vendor does not have, for a link and an unlink alike", async () => {
        for (const userId of [UNKNOWN_USER, 'not-an-id']) {
          expect(await adapter.markLinked({ ...notice, userId })).toBe('gone');
          expect(await adapter.unlink({ ...notice, userId })).toBe('gone');
        }
      });
      it('turns an outage during a link notice into VendorUnavailableError, never into gone', async () => {
        await subject.setVendorDown(true);
        const mine = { ...notice, userId: subject.fixtures.student.userId };
        await expect(adapter.markLinked(mine)).rejects.toBeInstanceOf(VendorUnavailableError);
        await expect(adapter.unlink(mine)).rejects.toBeInstanceOf(VendorUnavailableError);
      });
    } else {
      it('refuses link notices, both the link and the unlink', async () => {
        const mine = { ...notice, userId: subject.fixtures.student.userId };
        await expect(adapter.markLinked(mine)).rejects.toBeInstanceOf(CapabilityNotSupportedError);
        await expect(adapter.unlink(mine)).rejects.toBeInstanceOf(CapabilityNotSupportedError);
      });
    }

    if (declared.accessRequests) {
      it('takes an access request, returns its own id, and reports it open', async () => {
        const result = await adapter.submitAccessRequest(
          accessRequest({ organizationId: subject.fixtures.student.organizationId }),
        );
        if (!result.ok) throw new Error(`refused: ${result.reason}`);
        expect(result.externalId).toEqual(expect.any(String));
        expect(await adapter.getAccessRequestStatus(result.externalId)).toEqual({
          status: 'open',
          resolution: null,
          userId: null,
        });
      });
      it('refuses a request for an organization it does not know as a result, not an error', async () => {
        expect(
          await adapter.submitAccessRequest(
            accessRequest({ requestId: '00000000-0000-4000-8000-000000000003', organizationId: '0' }),
          ),
        ).toEqual({ ok: false, reason: 'organization_unknown' });
      });
      it('answers null for the status of a request it never had', async () => {
        expect(await adapter.getAccessRequestStatus('no-such-request')).toBeNull();
      });
    } else {
      it('refuses access requests and their status (they stay in the gateway queue)', async () => {
        await expect(adapter.submitAccessRequest(accessRequest())).rejects.toBeInstanceOf(
          CapabilityNotSupportedError,
        );
        await expect(adapter.getAccessRequestStatus('ext-1')).rejects.toBeInstanceOf(
          CapabilityNotSupportedError,
        );
      });
    }

    it('turns a vendor outage into VendorUnavailableError, never into a refusal', async () => {
      await subject.setVendorDown(true);
      await expect(adapter.getProfile(subject.fixtures.student.userId)).rejects.toBeInstanceOf(
        VendorUnavailableError,
      );
      if (declared.passwordLogin)
        await expect(adapter.verifyPassword(subject.fixtures.validCredentials!)).rejects.toBeInstanceOf(
          VendorUnavailableError,
        );
    });
  });
}

/**
 * Issue 22, "no silent failure", for any adapter: built against a server that has none of its routes (a tiny
 * express app answering every request 404 with a plain «Not Found», as a wrong base URL or an API the vendor
 * never deployed would), no method may read as "no such account" or "nothing there": each throws
 * VendorUnavailableError of fault 'configuration', and probeRoutes (when the adapter has it) lists its routes as
 * missing. `build` makes the adapter for a base URL; `declared` are its abilities, as in the main suite.
 */
export function describeNoSilentFailure(
  name: string,
  declared: DiaryCapabilities,
  build: (baseUrl: string) => DiaryAdapter,
): void {
  describe(`no silent failure: ${name} against a server without its routes`, () => {
    let notTheApi: { url: string; close(): Promise<void> };
    let adapter: DiaryAdapter;
    beforeAll(async () => {
      notTheApi = await startNotTheApi();
      adapter = build(notTheApi.url);
    });
    afterAll(async () => {
      await notTheApi?.close();
    });

    const configurationFault = { name: VendorUnavailableError.name, fault: 'configuration' };
    const notice: LinkNotice = { linkId: 'link-probe', userId: '1001', at: new Date('2026-12-07T09:00:00Z') };

    it('getProfile and listMemberships throw a configuration fault, never null or []', async () => {
      await expect(adapter.getProfile('1001')).rejects.toMatchObject(configurationFault);
      await expect(adapter.listMemberships('1001')).rejects.toMatchObject(configurationFault);
    });

    if (declared.children)
      it('listChildren throws a configuration fault, never []', async () => {
        await expect(adapter.listChildren('1001')).rejects.toMatchObject(configurationFault);
      });

    if (declared.snilsMatch)
      it('findBySnils throws a configuration fault, never []', async () => {
        await expect(adapter.findBySnils('112-233-445 95')).rejects.toMatchObject(configurationFault);
      });

    if (declared.linkNotifications)
      it("markLinked and unlink throw a configuration fault, never 'gone' (the outbox keeps the notice)", async () => {
        await expect(adapter.markLinked(notice)).rejects.toMatchObject(configurationFault);
        await expect(adapter.unlink(notice)).rejects.toMatchObject(configurationFault);
      });

    it('probeRoutes names every route it checked as missing', async () => {
      if (!adapter.probeRoutes) throw new Error(`${name} has no probeRoutes (issue 22)`);
      const probe = await adapter.probeRoutes();
      expect(probe.routes.length).toBeGreaterThan(0);
      expect(probe.routes.filter((r) => r.present)).toEqual([]);
    });
  });

  describe(`no silent failure: ${name} against a server that refuses its credential`, () => {
    let refusing: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      refusing = await startNotTheApi(401, {
        error: { code: 'signature_invalid', message: 'The signature does not match' },
      });
    });
    afterAll(async () => {
      await refusing?.close();
    });

    // One rule for every adapter (adapters/diary-api/diary-api.extension.ts): a refused key is the operator's
    // to fix, as a missing route is; no retry helps, so it must not read as an outage either.
    it('getProfile throws a configuration fault, never null and never an outage', async () => {
      await expect(build(refusing.url).getProfile('1001')).rejects.toMatchObject({
        name: VendorUnavailableError.name,
        fault: 'configuration',
      });
    });
  });
}

/**
 * A tiny express app answering every request alike: by default 404 with a plain «Not Found», what a wrong base
 * URL reaches; or `status` with a JSON `body`.
 */
async function startNotTheApi(
  status = 404,
  body?: unknown,
): Promise<{ url: string; close(): Promise<void> }> {
  const express = (await import('express')).default;
  const app = express();
  app.use((_req, res) =>
    body === undefined
      ? void res.status(status).type('text').send('Not Found')
      : void res.status(status).json(body),
  );
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
