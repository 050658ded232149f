import type { AdapterDeps, RouteProbeResult } from '../contract';
import { authOf } from '../diary-api/diary-api.adapter';
import { DiaryApiClient } from '../diary-api/diary-api.extension';
import type { SetevoyRegionConfig } from './setevoy-region.config';
import { VENDOR } from './setevoy-web';

/**
 * The diary-API extension the vendor deploys (docs/diary-api.openapi.json, below `settings.extension.apiPath`):
 * what «Сетевой Регион»'s own API offers only to a signed-in user (mysettings, context) or not at all (SNILS,
 * children by account, link notices). The one client of the diary API (adapters/diary-api), its failures
 * labelled 'extension ' so that an operator knows which of the vendor's two APIs failed.
 */
export function setevoyExtension(
  config: SetevoyRegionConfig['extension'],
  deps: AdapterDeps,
): DiaryApiClient {
  return new DiaryApiClient({
    vendor: VENDOR,
    label: 'extension ',
    apiUrl: `${deps.baseUrl.replace(/\/+$/, '')}${config.apiPath}`,
    auth: authOf(config, deps),
    timeoutMs: deps.timeoutMs,
    clock: deps.clock,
  });
}

/**
 * Which of the extension's routes the installation has, changing nothing: `GET /capabilities`, then a read of
 * an account id the vendor never issues (`0`), which a present route answers 404 `user_not_found` and a
 * missing one with any other 404; `POST /link-notices` is present when the capabilities declare it.
 */
export async function probeSetevoyExtension(client: DiaryApiClient): Promise<RouteProbeResult[]> {
  const declared = (await client.capabilities())?.abilities;
  const answersUserNotFound = async (path: string) => {
    const response = await client.send({ method: 'GET', path });
    return response.status === 404 && client.codeOf(response) === 'user_not_found';
  };
  return [
    { route: 'extension GET /capabilities', present: declared !== undefined },
    { route: 'extension GET /users/{userId}', present: await answersUserNotFound('/users/0') },
    {
      route: 'extension GET /users/{userId}/memberships',
      present: await answersUserNotFound('/users/0/memberships'),
    },
    {
      route: 'extension GET /users/{userId}/children',
      present: await answersUserNotFound('/users/0/children'),
    },
    { route: 'extension POST /link-notices', present: declared?.linkNotifications === true },
  ];
}
