import { html } from '../html';
import { opsPage } from './ops-page';

/** `/ops` without a sign-in: the way in is ESIA with the purpose `operator`. */
export function opsSignInPage(): string {
  return opsPage(
    'Вход в консоль',
    html`<p>Консоль доступна сотрудникам министерства из списка операторов.</p>
      <p>
        <a class="button-link primary" href="/auth/esia/start?purpose=operator">Войти через Госуслуги</a>
      </p>`,
  );
}
