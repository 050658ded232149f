/**
 * windows-1251 encoding for password hashing. Node has no encoder for it, but TextDecoder can decode it, so
 * the table is built once by decoding every byte; a character outside the code page becomes '?', as a
 * browser's form encoder would send it.
 */
const TABLE: ReadonlyMap<string, number> = (() => {
  const decoder = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return table;
})();

/** The bytes of `text` in windows-1251. */
export function encodeWindows1251(text: string): Buffer {
  return Buffer.from([...text].map((c) => TABLE.get(c) ?? 0x3f));
}
