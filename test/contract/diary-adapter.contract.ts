import {
  CapabilityNotSupportedError,
  VendorUnavailableError,
  type DiaryAdapter,
  type DiaryCapabilities,
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
  /** A student with a birth date and a membership in an organization. */
  readonly student: { readonly userId: string; readonly birthDate: string; readonly organizationId: string };
  /** A parent and the first names of their children (with children). */
  readonly parent?: { readonly userId: string; readonly childFirstNames: readonly string[] };
  /** A record without a birth date. */
  readonly withoutBirthDate?: { readonly userId: string };
  /** A SNILS on a school record, and the user it belongs to (with snilsMatch). */
  readonly snilsOnRecord?: { readonly snils: string; readonly userId: string };
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
  close(): Promise<void>;
}

const UNKNOWN_USER = '999999999999999999';

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
    } else {
      it('refuses SNILS matching', async () => {
        await expect(adapter.findBySnils('112-233-445 95')).rejects.toBeInstanceOf(
          CapabilityNotSupportedError,
        );
      });
    }

    if (declared.organizationSearch) {
      it('answers a level of the organization cascade', async () => {
        const { query, expectName } = subject.fixtures.organizationSearch!;
        const choices = await adapter.searchOrganizations(query);
        expect(choices.map((c) => c.name)).toContain(expectName);
      });
    } else {
      it('refuses organization search', async () => {
        await expect(
          adapter.searchOrganizations({ level: 'organization', chosen: {} }),
        ).rejects.toBeInstanceOf(CapabilityNotSupportedError);
      });
    }

    it('marks a link and an unlink idempotently (twice is the same as once)', async () => {
      const notice = {
        linkId: '00000000-0000-4000-8000-000000000001',
        userId: subject.fixtures.student.userId,
        at: new Date(),
      };
      if (!declared.linkNotifications) {
        await expect(adapter.markLinked(notice)).rejects.toBeInstanceOf(CapabilityNotSupportedError);
        return;
      }
      await adapter.markLinked(notice);
      await adapter.markLinked(notice);
      await adapter.unlink(notice);
      await adapter.unlink(notice);
    });

    it('builds the hand-off address on the vendor, carrying the one-time code', () => {
      const url = new URL(adapter.handOffUrl('one-time-code-123'));
      expect(url.toString()).toContain('one-time-code-123');
      expect(['http:', 'https:']).toContain(url.protocol);
    });

    if (declared.accessRequests) {
      it('takes an access request and returns its own id', async () => {
        const result = await adapter.submitAccessRequest({
          requestId: '00000000-0000-4000-8000-000000000002',
          organizationId: subject.fixtures.student.organizationId,
          role: 'parent',
          reason: 'profile_missing',
          message: 'Нет профиля родителя',
          contact: '+7 900 000-00-00',
          personName: 'Иванова Елена Сергеевна',
        });
        expect(result.externalId).toEqual(expect.any(String));
      });
    } else {
      it('refuses access requests (they stay in the gateway queue)', async () => {
        await expect(
          adapter.submitAccessRequest({
            requestId: 'r',
            organizationId: null,
            role: null,
            reason: 'organization_missing',
            message: '',
            contact: '',
            personName: '',
          }),
        ).rejects.toBeInstanceOf(CapabilityNotSupportedError);
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
