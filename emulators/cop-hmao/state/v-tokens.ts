import { generateKeyPair, jwtVerify, SignJWT, type KeyLike } from 'jose';

/** How long a v_token may wait before the app redeems it (ours; no source says). */
const V_TOKEN_SECONDS = 600;

/**
 * The `v_token` ЭлЖур hands over after a sign-in through Госуслуги: a JWT it signs with RS256 (BetterJournal/EljurAPI,
 * branch open-api, src/open-api-index.ts, GetUsersVendors: «Токен, подписанный журналом»), carried in the final
 * redirect's Location (`/journal-app?v_token=`, BetterJournal/EljurAuthUtil lib/src/auth/esia_auth_service.dart,
 * step 3.4) and redeemed at `apiv3/getusersvendors`. The key is the emulator's own, made at start.
 */
export class JournalVTokens {
  private keys: Promise<{ privateKey: KeyLike; publicKey: KeyLike }> | undefined;

  constructor(
    private readonly issuer: () => string,
    private readonly clock: { now(): Date },
  ) {}

  private keyPair() {
    this.keys ??= generateKeyPair('RS256');
    return this.keys;
  }

  /** A v_token naming the profile the person signed in to. */
  async issue(userId: string): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(this.issuer())
      .setIssuedAt(now)
      .setExpirationTime(now + V_TOKEN_SECONDS)
      .sign((await this.keyPair()).privateKey);
  }

  /** The profile a v_token names, or null for anything this journal did not sign or that has expired. */
  async subjectOf(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, (await this.keyPair()).publicKey, {
        algorithms: ['RS256'],
        issuer: this.issuer(),
        currentDate: this.clock.now(),
      });
      return payload.sub ?? null;
    } catch {
      return null;
    }
  }
}
