/** What each of the four signature headers means, as one document explains it to its readers. */
export interface HmacHeaderDescriptions {
  readonly keyId: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly signature: string;
}

/**
 * The OpenAPI security schemes of the HMAC signature (four `X-ELG-*` headers, sent together). One scheme, two
 * documents: the gateway's vendor API checks it, the published diary API (scripts/diary-api.document.ts) asks a
 * diary to check the same one; each describes the headers in its own words.
 */
export function hmacSecuritySchemes(describe: HmacHeaderDescriptions) {
  const header = (name: string, description: string) => ({ type: 'apiKey', in: 'header', name, description });
  return {
    keyId: header('X-ELG-Key-Id', describe.keyId),
    timestamp: header('X-ELG-Timestamp', describe.timestamp),
    nonce: header('X-ELG-Nonce', describe.nonce),
    signature: header('X-ELG-Signature', describe.signature),
  };
}
