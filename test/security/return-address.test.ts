import { isAllowedReturnUrl, safeReturnUrl } from '../../src/services/return-address';
import { ALLOWED_ENTRY, CRAFTED_RETURN_ADDRESSES, GOOD_RETURN_ADDRESSES } from './return-addresses.fixture';

const instance = { baseUrl: 'https://diary.example.ru/', returnUrlAllowlist: [ALLOWED_ENTRY] };

describe('return addresses (open redirect): only the allow-listed diary address is ever followed', () => {
  it('the fixture holds at least 50 crafted addresses', () => {
    expect(CRAFTED_RETURN_ADDRESSES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CRAFTED_RETURN_ADDRESSES)('refuses %s: %j', (_why, address) => {
    expect(isAllowedReturnUrl(address, instance)).toBe(false);
    expect(safeReturnUrl(address, instance)).toBe(instance.baseUrl);
  });

  it.each(GOOD_RETURN_ADDRESSES)('accepts the allow-listed %s', (address) => {
    expect(isAllowedReturnUrl(address, instance)).toBe(true);
    expect(new URL(safeReturnUrl(address, instance)).origin).toBe('https://diary.example.ru');
  });

  it.each([undefined, null, 42, {}, ['https://diary.example.ru/app']])('refuses a non-string %p', (value) => {
    expect(safeReturnUrl(value, instance)).toBe(instance.baseUrl);
  });
});
