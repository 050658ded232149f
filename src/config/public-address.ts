import { BlockList, isIP, isIPv6 } from 'node:net';

/** Why production refuses an address users or ESIA are reached at: plain http, or this machine's own. */
export function publicAddressProblem(name: string, value: string): string | undefined {
  const address = new URL(value);
  const why = [
    address.protocol === 'https:' ? '' : 'not https',
    isLoopback(address.hostname) ? `loopback (${address.hostname})` : '',
  ].filter(Boolean);
  return why.length
    ? `${name}: invalid: ${why.join(' and ')}: production needs a public https address`
    : undefined;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addSubnet('0.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addAddress('::', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** This machine's own addresses, as a URL's hostname spells them (WHATWG has already normalised 127.1 etc.). */
function isLoopback(hostname: string): boolean {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIP(host) !== 0 && LOOPBACK.check(host, isIPv6(host) ? 'ipv6' : 'ipv4');
}
