// Experiments: newest first, with the verdict of each blast-radius report.

import { h } from '../dom.js';
import { api } from '../api.js';
import { when } from '../format.js';
import { badge, cellLink, link, message, table, poll, show } from './parts.js';

export const name = 'experiments';

export function render(root) {
  const out = h('div', { testid: 'experiments' });
  root.append(h('div', { class: 'title' }, h('h1', null, 'Experiments')), out);
  return poll(async () => {
    const items = await api('experiments?limit=200');
    show(out, table([
      { title: 'Experiment', cell: (x) => link(`#/experiments/${encodeURIComponent(x.id)}`, x.id) },
      { title: 'Name', cell: (x) => x.name ?? '—' },
      { title: 'Targets', cell: (x) => x.targets.map((t, i) => [i ? ', ' : '', cellLink(t)]) },
      { title: 'Fault', cell: (x) => x.fault.kind },
      { title: 'State', cell: (x) => badge('experiment', x.state) },
      { title: 'Blast radius', cell: (x) => (x.report ? badge('verdict', x.report.verdict) : h('span', { class: 'muted' }, x.reportDueAt ? `report due ${when(x.reportDueAt)}` : '—')) },
      { title: 'Created', cell: (x) => `${when(x.createdAt)} by ${x.createdBy}` },
    ], items, { testid: 'experiments-table', rowTestId: 'experiment-row', key: (x) => x.id, empty: 'No experiments.' }));
  }, 2000, (e) => show(out, message(e.message)));
}
