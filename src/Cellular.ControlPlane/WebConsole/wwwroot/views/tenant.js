// Tenant lookup: where the published routing table sends a tenant and why — the rule and table
// version the router puts in X-Cell-Route — with its epoch and its moves.

import { h } from '../dom.js';
import { api } from '../api.js';
import { count, when } from '../format.js';
import { badge, cellLink, link, message, section, table, facts, show } from './parts.js';

export const name = 'tenant';

export function render(root, [id]) {
  const input = h('input', { type: 'search', placeholder: 'Tenant id', value: id ?? '', testid: 'tenant-input', 'aria-label': 'Tenant id', autofocus: true });
  const form = h('form', { class: 'controls', testid: 'tenant-form' }, input, h('button', { type: 'submit', testid: 'tenant-lookup' }, 'Look up'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (value) window.location.hash = `#/tenants/${encodeURIComponent(value)}`;
  });
  const out = h('div', { testid: 'tenant-result' });
  root.append(h('div', { class: 'title' }, h('h1', null, 'Tenant lookup')), form, out);
  if (!id) {
    show(out, h('p', { class: 'muted' }, 'Type a tenant id to see which cell serves it, the rule that decides, and its moves.'));
    return null;
  }
  let alive = true;
  api(`tenants/${encodeURIComponent(id)}/route`).then((r) => {
    if (!alive) return;
    show(out,
      r.known ? null : message(`${r.tenant} is not a registered tenant; ${r.cell ? `the fallback rule sends it to ${r.cell}` : 'no rule routes it (the router answers 404)'}.`, 'warning', 'tenant-unknown'),
      section('Route', 'route-card', facts([
        ['Tenant', r.tenant, 'route-tenant'],
        ['Cell', r.cell ? cellLink(r.cell) : 'none (rejected)', 'route-cell'],
        ['Cell state', r.cellState ? badge('state', r.cellState) : '—', 'route-cell-state'],
        ['Rule', r.rule, 'route-rule'],
        ['Table version', count(r.tableVersion), 'route-version'],
        ['X-Cell-Route', h('code', null, r.route), 'route-header'],
        ['Epoch', count(r.epoch), 'route-epoch'],
        ['Pinned', r.pinned ? 'pinned' : 'no', 'route-pinned'],
        ['Weight', r.weight == null ? '—' : count(r.weight)],
      ], 'route-facts')),
      section('Move history', 'moves-card', table([
        { title: 'Migration', cell: (m) => link(`#/migrations/${encodeURIComponent(m.id)}`, m.id) },
        { title: 'From → to', cell: (m) => [cellLink(m.from), ' → ', cellLink(m.to)] },
        { title: 'Epoch', cell: (m) => `${m.fromEpoch} → ${m.epoch}` },
        { title: 'State', cell: (m) => badge('migration', m.state) },
        { title: 'Created', cell: (m) => when(m.createdAt) },
        { title: 'By', cell: (m) => m.createdBy },
      ], r.moves, { testid: 'moves-table', rowTestId: 'move-row', empty: 'Never moved.' })));
  }).catch((e) => alive && show(out, message(e.message)));
  return () => { alive = false; };
}
