import { Html, html } from './html';
import { layout } from './layout';

/**
 * The pages the OpenID Provider itself renders (RP-initiated logout and the errors it cannot send back to a
 * diary), in the gateway's frame. Russian only: these pages are reached from a diary, never by URL.
 */

/**
 * «Выйти из электронного дневника?»: the provider's confirmation form with its two answers. `logout=yes` ends
 * the whole session (every diary it reached hears it through back-channel logout); the other answer ends only
 * this diary's part of it and keeps the person signed in to the others.
 */
export function logoutConfirmPage(p: { form: string; diaryName: string | null }): string {
  return layout({
    lang: 'ru',
    title: 'Выход',
    body: html`<section class="card">
      <h1>Выйти из электронного дневника?</h1>
      <p>
        ${
          p.diaryName
            ? `Вы выходите из «${p.diaryName}».`
            : 'Вы выходите из электронных дневников, в которые вошли через портал госуслуг.'
        }
        Если вы входили через Госуслуги и в другие дневники на этом компьютере, можно выйти и из них.
      </p>
      ${new Html(p.form)}
      <p class="actions">
        <button type="submit" form="op.logoutForm" name="logout" value="yes">Выйти из всех дневников</button>
        ${
          p.diaryName
            ? html`<button type="submit" form="op.logoutForm" class="secondary">
                Выйти только из «${p.diaryName}»
              </button>`
            : ''
        }
      </p>
    </section>`,
  });
}

/** After a logout that has nowhere to return to. */
export function loggedOutPage(): string {
  return layout({
    lang: 'ru',
    title: 'Вы вышли',
    body: html`<section class="card">
      <h1>Вы вышли</h1>
      <p>
        Вы вышли из электронного дневника. Чтобы войти снова, откройте дневник и нажмите «Войти через
        Госуслуги».
      </p>
    </section>`,
  });
}

/** A protocol error with nowhere to send it: what happened, what to do, and the support reference. */
export function providerErrorPage(p: { message: string; reference: string }): string {
  return layout({
    lang: 'ru',
    title: 'Не получилось войти',
    body: html`<section class="card" role="alert">
      <h1>Не получилось войти</h1>
      <p class="message">${p.message}</p>
      <p class="reference">Код обращения в поддержку: <code>${p.reference}</code></p>
    </section>`,
  });
}
