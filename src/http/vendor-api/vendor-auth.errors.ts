import { AppError } from '../../core/errors';

/** Why a vendor request's authentication failed: precise codes for the vendor's engineers. */
export type VendorAuthFailure =
  'headers_missing' | 'unknown_key' | 'key_expired' | 'timestamp_out_of_range' | 'signature_invalid';

/** A vendor request that did not prove who sent it. Always 401; the code says which check refused it. */
export class VendorAuthError extends AppError {
  readonly status = 401;
  readonly userMessage = {
    ru: 'Запрос не подписан или подпись неверна. Проверьте ключ и часы сервера.',
    en: 'The request is not signed or the signature is wrong. Check the key and the server clock.',
  };
  constructor(readonly code: VendorAuthFailure) {
    super(code);
  }
}
