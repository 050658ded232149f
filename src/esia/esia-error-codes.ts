import type { AppError } from '../core/errors';
import {
  EsiaAccessRefusedError,
  EsiaAccountUnconfirmedError,
  EsiaProtocolError,
  EsiaScopeNotApprovedError,
  EsiaSecondFactorUnavailableError,
  EsiaUnavailableError,
} from './esia.errors';

/**
 * What an ESIA code means for the person, and so which page they get. Their own action: `refusal` (they said
 * no), `unconfirmed` (confirm the account), `second_factor` (make a second factor available). Our fault:
 * `fault` (our request is wrong), `scope` (a scope not approved for our system). ESIA's outage: `unavailable`.
 */
type Meaning = 'refusal' | 'unconfirmed' | 'second_factor' | 'fault' | 'scope' | 'unavailable';

/**
 * ESIA's codes as public clients read them. The source for each text is ofstudio/go-api-epgu, esia/aas/errors.go
 * (commit f3763d9, 2024-05-15), which quotes ESIA's own Russian descriptions; the English here translates them.
 * The OAuth `error` alone cannot be trusted: `access_denied` is both the person's «Отказать» (007004) and our
 * bad signature (007053), so the code in `error_description` decides.
 */
export const ESIA_ERROR_CODES: Readonly<Record<string, { meaning: Meaning; text: string }>> = {
  '007001': { meaning: 'fault', text: 'mandatory parameter missing' },
  '007002': { meaning: 'fault', text: 'certificate does not match the client or is not registered' },
  '007003': { meaning: 'fault', text: 'invalid or repeated parameter' },
  '007004': { meaning: 'refusal', text: 'the resource owner denied the request' },
  '007005': { meaning: 'fault', text: 'the client may not obtain a code this way' },
  '007006': { meaning: 'scope', text: 'scope invalid, unknown or malformed' },
  '007007': { meaning: 'unavailable', text: 'unexpected condition at ESIA' },
  '007008': { meaning: 'unavailable', text: 'ESIA temporarily unavailable' },
  '007009': { meaning: 'fault', text: 'unsupported response type' },
  '007011': { meaning: 'fault', text: 'authorization code or refresh token invalid, expired or used' },
  '007012': { meaning: 'fault', text: 'unsupported grant type' },
  // «Запрос не содержит указания на область доступа (scope)»: our request named no scope, nothing the person did.
  '007013': { meaning: 'fault', text: 'the request names no scope' },
  '007014': { meaning: 'fault', text: 'mandatory parameter missing' },
  '007015': { meaning: 'fault', text: 'request time out of range (check the clock)' },
  '007019': { meaning: 'scope', text: 'no grant for the requested scope' },
  '007023': { meaning: 'fault', text: 'redirect_uri not registered for the client' },
  '007038': { meaning: 'fault', text: 'request parameters unreadable' },
  // PKCE: a code_verifier sent at v3/te when v2/ac had no code_challenge, or one that does not match it.
  '007039': { meaning: 'fault', text: 'code_verifier sent but v2/ac had no code_challenge' },
  '007040': { meaning: 'fault', text: 'code_verifier does not match the code_challenge' },
  // «Запрос otp невозможен…»: the scope demands a second factor this person's account cannot give.
  '007046': { meaning: 'second_factor', text: 'two-factor sign-in required but unavailable to the person' },
  '007053': { meaning: 'fault', text: 'client_secret does not verify' },
  '007055': { meaning: 'unconfirmed', text: 'sign-in with an unconfirmed account' },
  // Parameters of organization and role sign-in, which the gateway never sends: our request is wrong.
  '007060': { meaning: 'fault', text: 'roles parameter wrong' },
  '007061': { meaning: 'fault', text: 'obj_type parameter wrong' },
  '007062': { meaning: 'fault', text: 'user type or role in the request wrong' },
  // An organization scope for an organization the person does not work for: we asked for what we may not.
  '007194': {
    meaning: 'fault',
    text: 'organization scope for an organization the person is not employed by',
  },
  '008010': { meaning: 'fault', text: 'client system authentication failed' },
};

/** The `0070xx` (or `008010`) of `ESIA-0070xx: …`, or null when the description carries none. */
export function parseEsiaCode(description: string | undefined): string | null {
  const match = /ESIA-(\d{6})/.exec(description ?? '');
  return match ? match[1]! : null;
}

/**
 * Turns ESIA's `error` + `error_description` (callback query or token answer) into the typed error to answer.
 * A code we do not know is a fault, never a refusal: an unexplained `access_denied` must not tell a person
 * they said no.
 */
export function errorFromEsiaAnswer(error: string, description: string | undefined): AppError {
  const code = parseEsiaCode(description);
  const known = code ? ESIA_ERROR_CODES[code] : undefined;
  switch (known?.meaning) {
    case 'refusal':
      return new EsiaAccessRefusedError(`ESIA-${code}`);
    case 'unconfirmed':
      return new EsiaAccountUnconfirmedError(`ESIA-${code}`);
    case 'second_factor':
      return new EsiaSecondFactorUnavailableError(`ESIA-${code}`);
    case 'scope':
      return new EsiaScopeNotApprovedError(`authorization (ESIA-${code})`);
    case 'unavailable':
      return new EsiaUnavailableError(`ESIA-${code}`);
    case 'fault':
      return new EsiaProtocolError(code!, known.text);
    default:
      if (!code && (error === 'temporarily_unavailable' || error === 'server_error'))
        return new EsiaUnavailableError(error);
      return new EsiaProtocolError(code ?? 'unknown', `unrecognised answer: ${error.slice(0, 40)}`);
  }
}
