// Audit: who did what, when, newest first, paged with the API's `before` cursor.

import { h } from '../dom.js';
import { api, withQuery } from '../api.js';
import { when } from '../format.js';
import { link, message, show } from './parts.js';

export const name = 'audit';

const targetLink = (target) => {
  const [kind, ...rest] = target.split('/');
  const id = rest.join('/');
  const routes = { cell: 'cells', tenant: 'tenants', migration: 'migrations', experiment: 'experiments', deployment: 'deployments' };
  return routes[kind] && id ? link(`#/${routes[kind]}/${encodeURIComponent(id)}`, target) : target;
};

export function render(root, _params, _ctx, query) {
  const filters = { action: query.get('action') || '', actor: query.get('actor') || '', target: query.get('target') || '' };
  const cursors = [''];
  const out = h('div', { testid: 'audit' });
  const pager = h('div', { class: 'pager', testid: 'audit-pager' });
  const inputs = Object.keys(filters).map((k) => h('input', { type: 'search', placeholder: k, value: filters[k], testid: `audit-${k}`, 'aria-label': `Filter by ${k}`, 'data-key': k }));
  const form = h('form', { class: 'controls' }, inputs, h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const input of inputs) filters[input.dataset.key] = input.value.trim();
    cursors.length = 1;
    history.replaceState(null, '', withQuery('#/audit', filters));
    load();
  });
  root.append(h('div', { class: 'title' }, h('h1', null, 'Audit')), form, out, pager);
  let alive = true;

  async function load() {
    try {
      const page = await api(withQuery('audit', { ...filters, limit: 50, before: cursors[cursors.length - 1] }));
      if (!alive) return;
      show(out, page.items.length === 0 ? h('p', { class: 'muted' }, 'No audit entries.')
        : h('ol', { class: 'timeline', testid: 'audit-timeline' }, page.items.map((e) => h('li', { testid: 'audit-entry' },
          h('time', { datetime: e.at }, when(e.at)), ' ',
          h('strong', { class: 'actor' }, e.actor), ' ',
          h('span', { class: 'verb', testid: 'audit-action' }, e.action), ' ',
          targetLink(e.target),
          e.detail == null ? null : h('code', { class: 'detail' }, JSON.stringify(e.detail))))));
      show(pager,
        h('button', { type: 'button', testid: 'audit-newer', disabled: cursors.length === 1, onclick: () => { cursors.pop(); load(); } }, '‹ Newer'),
        h('span', null, `${page.items.length} entries`),
        h('button', { type: 'button', testid: 'audit-older', disabled: !page.next, onclick: () => { cursors.push(String(page.next)); load(); } }, 'Older ›'));
    } catch (e) {
      if (alive) show(out, message(e.message));
    }
  }
  load();
  return () => { alive = false; };
}
