import { api, setCsrf } from '../api.js';
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { state, go, problemView, query } from '../app.js';

export function signInPage() {
  const error = h('div', { class: 'form-error' });
  const user = h('input', { id: 'user', name: 'user', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = async (event) => {
    event.preventDefault();
    fill(error);
    try {
      const { data } = await api('POST', '/session', { body: { user: user.value.trim(), password: password.value } });
      state.user = data.user;
      state.workspace = null;
      setCsrf(data.csrf);
      const next = query().get('next');
      go(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      fill(error, problemView(e));
      password.select();
    }
  };
  return h('section', { class: 'signin' },
    h('h1', {}, t('signin.title')),
    h('p', {}, t('signin.lead')),
    h('form', { onsubmit: submit },
      h('label', { for: 'user' }, t('signin.user')), user,
      h('label', { for: 'password' }, t('signin.password')), password,
      error,
      h('button', { type: 'submit', class: 'primary' }, t('signin.submit'))));
}
