/**
 * Just enough DER to read GOST keys and certificates without OpenSSL: on a machine without gost-engine, node's
 * crypto refuses GOST key algorithms, so the pure-JS fallback needs the raw key bytes and the curve parameter set.
 */

/** A DER element: its tag and where its value lies in the buffer. */
export interface DerNode {
  tag: number;
  offset: number;
  start: number;
  end: number;
  buffer: Buffer;
}

/** The key or certificate bytes are not the DER shape we expect. */
export class DerFormatError extends Error {
  override readonly name = 'DerFormatError';
}

/** Reads the element that starts at `offset`. */
export function readDer(buffer: Buffer, offset = 0): DerNode {
  if (offset + 2 > buffer.length) throw new DerFormatError('truncated DER header');
  const tag = buffer[offset]!;
  let length = buffer[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new DerFormatError('unsupported DER length');
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + buffer[start + i]!;
    start += octets;
  }
  const end = start + length;
  if (end > buffer.length) throw new DerFormatError('DER value runs past the end');
  return { tag, offset, start, end, buffer };
}

/** The elements inside a constructed element (SEQUENCE, context tag, BIT STRING holding DER). */
export function derChildren(node: DerNode, skip = 0): DerNode[] {
  const children: DerNode[] = [];
  let offset = node.start + skip;
  while (offset < node.end) {
    const child = readDer(node.buffer, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** The value bytes of an element. */
export function derValue(node: DerNode): Buffer {
  return node.buffer.subarray(node.start, node.end);
}

/** Dotted form of an OBJECT IDENTIFIER element. */
export function derOid(node: DerNode): string {
  if (node.tag !== 0x06) throw new DerFormatError('expected an OBJECT IDENTIFIER');
  const bytes = derValue(node);
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** DER bytes of the first PEM block with the given label (CERTIFICATE, PRIVATE KEY). */
export function pemToDer(pem: string, label: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem);
  if (!match) throw new DerFormatError(`no ${label} block in PEM`);
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
}
