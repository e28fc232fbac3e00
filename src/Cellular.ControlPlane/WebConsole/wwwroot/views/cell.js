// Cell: its golden signals against the median of its peers, then what lives in it and what
// touched it: tenants (paged), migrations, experiments, deployments, audit. Operators get the
// state buttons; a ReadOnly session gets none.

import { h } from '../dom.js';
import { api, withQuery } from '../api.js';
import { pct, ms, rate, count, when } from '../format.js';
import { badge, cellLink, link, message, section, table, facts, action, post, poll, show, sparkline } from './parts.js';

export const name = 'cell';

export function render(root, [id], ctx) {
  const enc = encodeURIComponent(id);
  const head = h('div', { testid: 'cell-head' }, h('p', { class: 'muted' }, 'Loading…'));
  const signals = h('div', { testid: 'cell-signals' });
  const actions = h('div', { class: 'actions', testid: 'cell-actions' });
  const error = h('div');
  const tenants = h('div', { testid: 'cell-tenants' });
  const migrations = h('div', { testid: 'cell-migrations' });
  const experiments = h('div', { testid: 'cell-experiments' });
  const deployments = h('div', { testid: 'cell-deployments' });
  const audit = h('div', { testid: 'cell-audit' });

  const refresh = async () => {
    const [detail, view] = await Promise.all([api(`fleet/cells/${enc}`), api(`cells/${enc}`)]);
    show(error);
    drawHead(detail, view);
    drawSignals(detail);
  };

  function drawHead({ row }, view) {
    const health = view.health;
    show(head, facts([
      ['State', badge('state', row.state), 'cell-state'],
      ['Health', badge('health', row.health), 'cell-health'],
      ['Version', row.version, 'cell-version'],
      ['Stage', row.stage],
      ['Region / zone', `${row.region} / ${row.zone}`],
      ['Provider', row.provider],
      ['Endpoint', view.endpoint ?? '—'],
      ['Tenants', count(row.tenants), 'cell-tenant-count'],
      ['Load / capacity', `${count(row.load)} / ${count(row.capacity)}`],
      ['Alarms', row.alarms.length === 0 ? 'none' : h('ul', { class: 'plain' }, row.alarms.map((a) => h('li', { class: `alarm sev-${a.severity}` }, `${a.kind} (${a.severity}): ${a.detail}`))), 'cell-alarms'],
      health?.lastError ? ['Last probe error', `${health.lastError} (${when(health.lastErrorAt)})`] : null,
      row.deployment ? ['Deployment', link(`#/deployments/${encodeURIComponent(row.deployment)}`, row.deployment)] : null,
      row.experiment ? ['Experiment', link(`#/experiments/${encodeURIComponent(row.experiment)}`, row.experiment)] : null,
    ], 'cell-facts'));
  }

  function drawSignals({ row, peers, peerCount }) {
    const mine = row.signals;
    const has = (s) => s.requests > 0;
    const lines = [
      ['Requests/s', rate(mine.requestsPerSecond), peerCount ? rate(peers.requestsPerSecond) : 'no data'],
      ['Requests in window', count(mine.requests), peerCount ? count(peers.requests) : 'no data'],
      ['Success rate', has(mine) ? pct(mine.successRate) : 'no data', pct(peers.successRate)],
      ['Error rate', has(mine) ? pct(mine.errorRate) : 'no data', pct(peers.errorRate)],
      ['p50', has(mine) ? ms(mine.p50Ms) : 'no data', ms(peers.p50Ms)],
      ['p99', has(mine) ? ms(mine.p99Ms) : 'no data', ms(peers.p99Ms)],
    ];
    show(signals,
      table([
        { title: 'Signal', cell: (l) => l[0] },
        { title: `This cell (${id})`, cell: (l) => l[1], cls: 'num' },
        { title: `Median of ${peerCount} peer${peerCount === 1 ? '' : 's'}`, cell: (l) => l[2], cls: 'num' },
      ], lines, { testid: 'signals-table' }),
      h('p', null, 'Requests/s over the last minutes: ', sparkline(row.sparkline, `${id}: requests/s`)));
  }

  const reloadLists = () => Promise.all([loadTenants(), loadMigrations(), loadExperiments(), loadDeployments(), loadAudit()]);

  // Tenants: cursor paging (`after`), a stack of cursors for going back.
  const cursors = [''];
  async function loadTenants() {
    const cursor = cursors[cursors.length - 1];
    try {
      const page = await api(withQuery('tenants', { cell: id, limit: 50, after: cursor }));
      show(tenants,
        table([
          { title: 'Tenant', cell: (t) => link(`#/tenants/${encodeURIComponent(t.id)}`, t.id) },
          { title: 'Weight', cell: (t) => count(t.weight), cls: 'num' },
          { title: 'Epoch', cell: (t) => count(t.epoch), cls: 'num' },
          { title: 'Pinned', cell: (t) => (t.pinned ? 'pinned' : 'no') },
          { title: 'Since', cell: (t) => when(t.updatedAt) },
        ], page.items, { testid: 'tenants-table', rowTestId: 'tenant-row', key: (t) => t.id, empty: 'No tenants in this cell.' }),
        h('div', { class: 'pager' },
          h('button', { type: 'button', testid: 'tenants-prev', disabled: cursors.length === 1, onclick: () => { cursors.pop(); loadTenants(); } }, '‹ Previous'),
          h('span', null, `${page.items.length} shown`),
          h('button', { type: 'button', testid: 'tenants-next', disabled: !page.next, onclick: () => { cursors.push(page.next); loadTenants(); } }, 'Next ›')));
    } catch (e) {
      show(tenants, message(e.message));
    }
  }

  const list = (el, path, draw) => async () => {
    try {
      show(el, draw(await api(path)));
    } catch (e) {
      show(el, message(e.message));
    }
  };
  const loadMigrations = list(migrations, withQuery('migrations', { cell: id, limit: 20 }), (items) => table([
    { title: 'Migration', cell: (m) => link(`#/migrations/${encodeURIComponent(m.id)}`, m.id) },
    { title: 'Tenant', cell: (m) => link(`#/tenants/${encodeURIComponent(m.tenant)}`, m.tenant) },
    { title: 'From → to', cell: (m) => [cellLink(m.from), ' → ', cellLink(m.to)] },
    { title: 'State', cell: (m) => badge('migration', m.state) },
    { title: 'Created', cell: (m) => when(m.createdAt) },
  ], items, { rowTestId: 'migration-row', empty: 'No migrations into or out of this cell.' }));
  const loadExperiments = list(experiments, withQuery('experiments', { cell: id, limit: 20 }), (items) => table([
    { title: 'Experiment', cell: (x) => link(`#/experiments/${encodeURIComponent(x.id)}`, x.id) },
    { title: 'Name', cell: (x) => x.name ?? '—' },
    { title: 'Fault', cell: (x) => x.fault.kind },
    { title: 'State', cell: (x) => badge('experiment', x.state) },
    { title: 'Verdict', cell: (x) => x.report?.verdict ?? '—' },
    { title: 'Created', cell: (x) => when(x.createdAt) },
  ], items, { rowTestId: 'experiment-row', empty: 'No experiments targeted this cell.' }));
  const loadDeployments = list(deployments, withQuery('deployments', { cell: id, limit: 20 }), (items) => table([
    { title: 'Deployment', cell: (d) => link(`#/deployments/${encodeURIComponent(d.id)}`, d.id) },
    { title: 'Version', cell: (d) => [d.version, d.hotfix ? h('span', { class: 'tag hotfix' }, 'HOTFIX') : null] },
    { title: 'State', cell: (d) => badge('deployment', d.state) },
    { title: 'This cell', cell: (d) => d.cells.find((c) => c.cell === id)?.state ?? '—' },
    { title: 'Created', cell: (d) => when(d.createdAt) },
  ], items, { rowTestId: 'deployment-row', empty: 'No deployments touched this cell.' }));
  const loadAudit = list(audit, withQuery('audit', { target: `cell/${id}`, limit: 50 }), (page) => table([
    { title: 'When', cell: (e) => when(e.at) },
    { title: 'Actor', cell: (e) => e.actor },
    { title: 'Action', cell: (e) => e.action },
    { title: 'Detail', cell: (e) => (e.detail == null ? '' : h('code', null, JSON.stringify(e.detail))) },
  ], page.items, { rowTestId: 'audit-row', empty: 'No audit entries for this cell.' }));

  const afterAction = async () => {
    await refresh().catch((e) => show(error, message(e.message)));
    await reloadLists();
  };
  const stateAction = (verb, label, confirm) => action(ctx, {
    label, testid: `cell-${verb}`, confirm, run: () => post(`cells/${enc}/${verb}`), done: afterAction,
  });
  show(actions,
    stateAction('drain', 'Drain', `Drain ${id}? It keeps serving its tenants but gets no new ones.`),
    stateAction('activate', 'Activate', null),
    stateAction('quarantine', 'Quarantine', `Quarantine ${id}? Routers answer 503 for its tenants.`),
    action(ctx, {
      label: 'Evacuate', testid: 'cell-evacuate', confirm: `Evacuate ${id}? Every unpinned tenant is moved to another cell.`,
      run: () => post(`cells/${enc}/evacuate`), done: afterAction,
    }));

  root.append(
    h('div', { class: 'title' }, h('h1', null, 'Cell ', h('span', { testid: 'cell-id' }, id)), link('#/fleet', '← fleet')),
    error,
    ...(ctx.canOperate ? [actions] : []),
    section('Cell', 'cell-card', head),
    section('Golden signals against its peers', 'signals-card', signals),
    section('Tenants', 'tenants-card', tenants),
    section('Migrations', 'migrations-card', migrations),
    section('Experiments', 'experiments-card', experiments),
    section('Deployments', 'deployments-card', deployments),
    section('Audit', 'audit-card', audit));

  reloadLists();
  const stopPoll = poll(refresh, 2000, (e) => show(error, message(e.message)));
  return stopPoll;
}

