import type { RegionStatus } from '../../../services/ops.service';
import { html } from '../html';
import { modeName, opsPage } from './ops-page';

/** `/ops`: the operator's regions with status and days to the cutover. */
export function regionsPage(regions: readonly RegionStatus[], who: string): string {
  const rows = regions.map(
    (r) =>
      html`<tr>
        <td><a href="/ops/regions/${r.id}">${r.id} — ${r.name}</a></td>
        <td>${modeName(r.mode)}</td>
        <td>${r.cutoverDate ?? '—'}</td>
        <td>${r.daysLeft ?? '—'}</td>
        <td><a href="/ops/regions/${r.id}/readiness">готовность</a></td>
      </tr>`,
  );
  return opsPage(
    'Регионы',
    html`<table>
      <thead>
        <tr>
          <th>Регион</th>
          <th>Режим</th>
          <th>Дата перехода</th>
          <th>Дней до перехода</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`,
    who,
  );
}

/** `/ops` without a sign-in: the way in is ESIA with the purpose `operator`. */
export function opsSignInPage(): string {
  return opsPage(
    'Консоль оператора',
    html`<p>Консоль доступна сотрудникам министерства из списка операторов.</p>
      <p><a class="button" href="/auth/esia/start?purpose=operator">Войти через Госуслуги</a></p>`,
  );
}
