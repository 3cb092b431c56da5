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
  return card('signin', submit, [['user', user], ['password', password]], error);
}

/// A small page of one form: its heading and lead from the messages of `key`, labelled fields, an error, a button.
function card(key, submit, fields, error) {
  return h('section', { class: 'signin' },
    h('h1', {}, t(key + '.title')),
    h('p', {}, t(key + '.lead')),
    h('form', { onsubmit: submit },
      fields.map(([label, input]) => [h('label', { for: input.id }, t(key + '.' + label)), input]),
      error,
      h('button', { type: 'submit', class: 'primary' }, t(key + '.submit'))));
}

/// The page of an invitation link (`/#/invitation/TOKEN`): the person chooses a
/// password, and is signed in with it.
export function invitationPage(token) {
  const error = h('div', { class: 'form-error' });
  const password = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', required: true, minLength: 10 });
  const again = h('input', { id: 'new-password-again', type: 'password', autocomplete: 'new-password', required: true });
  const submit = async (event) => {
    event.preventDefault();
    fill(error);
    if (password.value !== again.value) { fill(error, h('p', { class: 'problem', role: 'alert' }, t('invite.mismatch'))); return; }
    try {
      const { data } = await api('POST', '/invitations', { body: { token, password: password.value } });
      const session = await api('POST', '/session', { body: { user: data.user, password: password.value } });
      state.user = session.data.user;
      state.workspace = null;
      setCsrf(session.data.csrf);
      go('/', { replace: true });
    } catch (e) { fill(error, problemView(e)); }
  };
  return card('invite', submit, [['password', password], ['again', again]], error);
}
