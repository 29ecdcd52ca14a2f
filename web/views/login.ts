import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

export function loginPage(csrf: string, next: string, error: string | null): SafeHtml {
  return layout(
    { title: 'Log in', principal: null, section: 'login' },
    html`<section class="login">
      <h1>Log in</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="next" value="${next}" />
        <label>Name <input name="name" autocomplete="username" required autofocus /></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
        <button type="submit">Log in</button>
      </form>
    </section>`,
  );
}
