import type { Persona, PersonaKid } from '../fixtures/personas.fixture';

/** A collection ESIA exposes under `/rs/prns/{oid}/…`, with the scopes that open it and its elements. */
export interface PersonCollection {
  scopes: string[];
  elements(persona: Persona, granted: Set<string>): Array<Record<string, unknown> & { id: number }>;
}

/** `dd.MM.yyyy`, ESIA's date format. */
export const esiaDate = (iso: string) => iso.split('-').reverse().join('.');
const etag = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url').slice(-32).toUpperCase();
const elementId = (oid: number, kind: number, index: number) => oid * 1000 + kind * 100 + index + 1;

function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null && value !== undefined),
  );
}

/** The person object: base fields always, the rest only for granted scopes. */
export function personResource(persona: Persona, granted: Set<string>): Record<string, unknown> {
  const has = (scope: string) => granted.has(scope);
  const body = withoutNulls({
    stateFacts: ['EntityRoot'],
    ...(has('fullname')
      ? {
          firstName: persona.firstName,
          lastName: persona.lastName,
          middleName: persona.middleName,
          citizenship: persona.citizenship,
        }
      : {}),
    ...(has('birthdate') && persona.birthDate ? { birthDate: esiaDate(persona.birthDate) } : {}),
    ...(has('gender') ? { gender: persona.gender } : {}),
    ...(has('snils') ? { snils: persona.snils } : {}),
    ...(has('id_doc') && persona.documents.length > 0 ? { rIdDoc: elementId(persona.oid, 3, 0) } : {}),
    trusted: persona.account.trusted,
    verifying: persona.account.verifying,
    status: 'REGISTERED',
    updatedOn: 1_760_000_000,
  });
  return { ...body, eTag: etag(body) };
}

function kidElement(kid: PersonaKid, index: number, parent: Persona, granted: Set<string>) {
  const has = (scope: string) => granted.has(scope);
  return {
    id: kid.oid,
    ...withoutNulls({
      stateFacts: ['Identifiable'],
      ...(has('kid_fullname')
        ? { firstName: kid.firstName, lastName: kid.lastName, middleName: kid.middleName }
        : {}),
      ...(has('kid_birthdate') ? { birthDate: esiaDate(kid.birthDate) } : {}),
      ...(has('kid_gender') ? { gender: kid.gender } : {}),
      ...(has('kid_snils') ? { snils: kid.snils } : {}),
      eTag: etag([parent.oid, index, kid.oid]),
    }),
  };
}

/** The collections and the scopes that open each one (any one of them suffices). */
export const COLLECTIONS: Record<string, PersonCollection> = {
  ctts: {
    scopes: ['email', 'mobile', 'contacts'],
    elements: (p, granted) =>
      [
        p.login.phone && (granted.has('mobile') || granted.has('contacts'))
          ? { type: 'MBT', value: p.login.phone }
          : null,
        p.login.email && (granted.has('email') || granted.has('contacts'))
          ? { type: 'EML', value: p.login.email }
          : null,
      ]
        .filter((c): c is { type: string; value: string } => c !== null)
        .map((c, i) => ({
          stateFacts: ['Identifiable'],
          id: elementId(p.oid, 1, i),
          ...c,
          vrfStu: 'VERIFIED',
          eTag: etag([p.oid, c]),
        })),
  },
  addrs: {
    scopes: ['addresses'],
    elements: (p) =>
      p.addresses.map((a, i) => ({
        stateFacts: ['Identifiable'],
        id: elementId(p.oid, 2, i),
        ...a,
        eTag: etag(a),
      })),
  },
  docs: {
    scopes: ['id_doc'],
    elements: (p) =>
      p.documents.map((d, i) => ({
        stateFacts: ['Identifiable'],
        id: elementId(p.oid, 3, i),
        ...d,
        ...(d.issueDate ? { issueDate: esiaDate(d.issueDate) } : {}),
        vrfStu: 'VERIFIED',
        eTag: etag(d),
      })),
  },
  kids: {
    scopes: ['kid_fullname', 'kid_birthdate', 'kid_gender', 'kid_snils', 'kid_inn'],
    elements: (p, granted) => p.kids.map((kid, i) => kidElement(kid, i, p, granted)),
  },
};

/** Scopes that open the person object itself. */
export const PERSON_SCOPES = ['fullname', 'birthdate', 'gender', 'snils', 'inn', 'id_doc', 'birthplace'];
