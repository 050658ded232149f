import { DiaryApiTransport } from '../../adapters/diary-api/diary-api.transport';

/** An answer of the extension, read loosely. */
export type ExtensionAnswer = Record<string, unknown> & {
  items: Array<Record<string, unknown> & { memberships?: Array<Record<string, unknown>> }>;
};

/**
 * The ЦОП emulator's diary-API extension as the gateway calls it: HMAC-signed JSON under /elg/v1, with the demo
 * key of emulators/fixtures/cop-hmao.json (`extensionKeys`). For the emulator's own tests of its queue and
 * state; the signature itself is tested with the published diary API (test/emulators/diary-api-*.test.ts).
 */
export function copExtension(url: string) {
  const transport = new DiaryApiTransport(
    `${url}/elg/v1`,
    { type: 'hmac', keyId: 'demo-cop-86', secret: 'cop-86-demo-api-key' },
    5000,
  );
  const answer = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const idempotencyKey = (body as { requestId?: string } | undefined)?.requestId;
    const res = await transport.send({
      method,
      path,
      ...(body === undefined ? {} : { body }),
      ...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
    });
    return { status: res.status, body: res.json as ExtensionAnswer };
  };
  return {
    get: (path: string) => answer('GET', path),
    post: (path: string, body: unknown) => answer('POST', path, body),
  };
}
