// Deployments: what waits for a person first, then every deployment, newest first.

import { h } from '../dom.js';
import { api } from '../api.js';
import { when, ago } from '../format.js';
import { badge, link, message, section, table, action, post, poll, show } from './parts.js';

export const name = 'deployments';

const ENDED = ['Succeeded', 'RolledBack', 'Failed', 'Aborted'];

export function render(root, _params, ctx) {
  const waiting = h('div', { testid: 'deployments-waiting' });
  const out = h('div', { testid: 'deployments' });
  const freeze = h('div', { testid: 'freeze' });
  root.append(h('div', { class: 'title' }, h('h1', null, 'Deployments')), freeze,
    section('Waiting for approval', 'waiting-card', waiting), out);

  const load = async () => {
    const [items, frozen] = await Promise.all([api('deployments?limit=200'), api('deployments/freeze').catch(() => null)]);
    show(freeze, frozen?.engaged ? message(`Deployments are frozen since ${when(frozen.changedAt)} by ${frozen.changedBy ?? 'someone'}: ${frozen.reason ?? 'no reason given'}. No wave starts (hotfixes excepted).`, 'warning', 'freeze-engaged') : null);
    const pending = items.filter((d) => d.state === 'WaitingForApproval');
    show(waiting, pending.length === 0 ? h('p', { class: 'muted', testid: 'approvals-none' }, 'Nothing waits for approval.')
      : h('ul', { class: 'approvals' }, pending.map((d) => {
        const wave = d.waves.find((w) => w.state === 'WaitingForApproval');
        return h('li', { testid: 'approval', 'data-deployment': d.id },
          link(`#/deployments/${encodeURIComponent(d.id)}`, d.id), ` version ${d.version}`,
          wave ? `, wave ${wave.index + 1} (${wave.cells.join(', ')})` : '', ` waits since ${when(d.updatedAt)} (${ago(d.updatedAt)}) `,
          action(ctx, { label: 'Approve', testid: `approve-${d.id}`, confirm: `Approve the next wave of ${d.id}?`, run: () => post(`deployments/${encodeURIComponent(d.id)}/approve`, {}), done: load }));
      })));
    show(out, table([
      { title: 'Deployment', cell: (d) => [link(`#/deployments/${encodeURIComponent(d.id)}`, d.id), d.hotfix ? h('span', { class: 'tag hotfix', testid: 'hotfix' }, 'HOTFIX') : null] },
      { title: 'Name', cell: (d) => d.name ?? '—' },
      { title: 'Version', cell: (d) => d.version },
      { title: 'State', cell: (d) => badge('deployment', d.state) },
      { title: 'Waves', cell: (d) => `${d.waves.filter((w) => w.state === 'Succeeded').length} of ${d.waves.length} done` },
      { title: 'Cells', cell: (d) => String(d.cells.length), cls: 'num' },
      { title: 'Created', cell: (d) => `${when(d.createdAt)} by ${d.createdBy}` },
      { title: 'Why it ended', cell: (d) => (ENDED.includes(d.state) ? d.reason ?? '' : '') },
    ], items, { testid: 'deployments-table', rowTestId: 'deployment-row', key: (d) => d.id, empty: 'No deployments.' }));
  };
  return poll(load, 2000, (e) => show(out, message(e.message)));
}
