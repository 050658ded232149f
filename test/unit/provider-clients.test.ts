import { isShippedClientSecret } from '../../src/demo-material';
import { ClientRegistrationError, diaryClients } from '../../src/provider/provider-clients';
import type { DiaryClientRegistration } from '../../src/store/entities/diary-instance.entity';

const DEMO_SECRET = 'PlpFyXmhGt7F9O2jp2t_l_LWapBO5eIFQWgQkE-PsBQ';
const OWN_SECRET = 'a-secret-of-the-vendor-s-own-0123456789abcdef';

const web = (extra: Partial<DiaryClientRegistration> = {}): DiaryClientRegistration => ({
  redirectUris: ['https://diary.example.ru/oidc/callback'],
  postLogoutRedirectUris: ['https://diary.example.ru/'],
  backchannelLogoutUri: 'https://diary.example.ru/oidc/backchannel-logout',
  tokenEndpointAuthMethod: 'client_secret_basic',
  clientSecretRef: 'DIARY_86_OIDC_SECRET',
  ...extra,
});

const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (err) {
    if (err instanceof ClientRegistrationError) return err.problems;
    throw err;
  }
  return [];
};

describe("diary instances become the provider's clients", () => {
  it('a web client: code flow only, its secret from the variable it names, back-channel logout with sid', () => {
    const { metadata, instanceOf } = diaryClients(
      [{ id: 'diary-86', displayName: 'Дневник', client: web() }],
      { DIARY_86_OIDC_SECRET: OWN_SECRET },
      new Map(),
    );
    expect(metadata).toEqual([
      expect.objectContaining({
        client_id: 'diary-86',
        client_secret: OWN_SECRET,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        backchannel_logout_session_required: true,
      }),
    ]);
    expect(instanceOf.get('diary-86')).toBe('diary-86');
  });

  it("a diary's app is a public native client of the same instance (RFC 8252)", () => {
    const { metadata, instanceOf } = diaryClients(
      [
        {
          id: 'diary-86',
          displayName: 'Дневник',
          client: web({
            apps: [{ clientId: 'diary-86-app', redirectUris: ['ru.example.diary:/oauth2redirect'] }],
          }),
        },
      ],
      { DIARY_86_OIDC_SECRET: OWN_SECRET },
      new Map(),
    );
    expect(metadata[1]).toMatchObject({
      client_id: 'diary-86-app',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['ru.example.diary:/oauth2redirect'],
    });
    expect(metadata[1]).not.toHaveProperty('client_secret');
    expect(instanceOf.get('diary-86-app')).toBe('diary-86');
  });

  it('an unset secret variable stops the start, naming the instance and the field', () => {
    const problems = problemsOf(() =>
      diaryClients([{ id: 'diary-86', displayName: 'Дневник', client: web() }], {}, new Map()),
    );
    expect(problems).toEqual([
      'instance diary-86: oidc.clientSecretRef: environment variable DIARY_86_OIDC_SECRET is not set',
    ]);
  });

  it('in development the demo secret stands in for an unset variable', () => {
    const { metadata } = diaryClients(
      [{ id: 'diary-86', displayName: 'Дневник', client: web() }],
      {},
      new Map([['diary-86', DEMO_SECRET]]),
    );
    expect(metadata[0]!.client_secret).toBe(DEMO_SECRET);
  });

  it('in production a demo secret is refused by value, even written out in the variable', () => {
    const problems = problemsOf(() =>
      diaryClients(
        [{ id: 'diary-86', displayName: 'Дневник', client: web() }],
        { DIARY_86_OIDC_SECRET: DEMO_SECRET },
        new Map(),
        isShippedClientSecret,
      ),
    );
    expect(problems).toEqual([
      'instance diary-86: oidc.clientSecretRef: DIARY_86_OIDC_SECRET holds a demo secret the repository ships',
    ]);
  });

  it('a short secret and a reused app client id are refused, all at once', () => {
    const problems = problemsOf(() =>
      diaryClients(
        [
          {
            id: 'diary-86',
            displayName: 'Дневник',
            client: web({ apps: [{ clientId: 'diary-38', redirectUris: ['ru.example.diary:/cb'] }] }),
          },
          {
            id: 'diary-38',
            displayName: 'Дневник 38',
            client: web({ clientSecretRef: 'DIARY_38_OIDC_SECRET' }),
          },
        ],
        { DIARY_86_OIDC_SECRET: 'short', DIARY_38_OIDC_SECRET: OWN_SECRET },
        new Map(),
      ),
    );
    expect(problems).toEqual([
      'instance diary-86: oidc.clientSecretRef: the secret is shorter than 32 characters',
      'instance diary-86: oidc: client id "diary-38" is used twice',
    ]);
  });
});
