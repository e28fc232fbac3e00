// Migrations: newest first, filterable by state, refreshed every two seconds.

import { h } from '../dom.js';
import { api, withQuery } from '../api.js';
import { duration, when } from '../format.js';
import { badge, cellLink, link, message, table, poll, show } from './parts.js';

export const name = 'migrations';

const STATES = ['Planned', 'Copying', 'CatchingUp', 'Verifying', 'Cutover', 'Switched', 'Soak', 'Complete', 'Aborted', 'Failed'];

export function render(root, _params, _ctx, query) {
  let state = query.get('state') || '';
  const out = h('div', { testid: 'migrations' });
  const filter = h('select', { testid: 'migrations-state-filter', 'aria-label': 'State' },
    h('option', { value: '' }, 'State: any'), STATES.map((s) => h('option', { value: s, selected: s === state }, `State: ${s}`)));
  root.append(h('div', { class: 'title' }, h('h1', null, 'Migrations')), h('div', { class: 'controls' }, filter), out);

  const load = async () => {
    const items = await api(withQuery('migrations', { state, limit: 200 }));
    show(out, table([
      { title: 'Migration', cell: (m) => link(`#/migrations/${encodeURIComponent(m.id)}`, m.id) },
      { title: 'Tenant', cell: (m) => link(`#/tenants/${encodeURIComponent(m.tenant)}`, m.tenant) },
      { title: 'From → to', cell: (m) => [cellLink(m.from), ' → ', cellLink(m.to)] },
      { title: 'State', cell: (m) => badge('migration', m.state) },
      { title: 'Write pause', cell: (m) => duration(m.report?.cutover?.fenceToActivateMs), cls: 'num' },
      { title: 'Created', cell: (m) => when(m.createdAt) },
      { title: 'By', cell: (m) => m.createdBy },
      { title: 'Why it ended', cell: (m) => m.reason ?? '' },
    ], items, { testid: 'migrations-table', rowTestId: 'migration-row', key: (m) => m.id, empty: 'No migrations.' }));
  };
  filter.addEventListener('change', () => {
    state = filter.value;
    history.replaceState(null, '', state ? `#/migrations?state=${state}` : '#/migrations');
    load().catch((e) => show(out, message(e.message)));
  });
  return poll(load, 2000, (e) => show(out, message(e.message)));
}
