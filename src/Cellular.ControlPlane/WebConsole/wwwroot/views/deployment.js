// One deployment: its waves × cells grid with each cell's state in words, the bake countdown, the
// gate evidence behind every decision, and the controls for operators (approve, pause, resume, abort).

import { h } from '../dom.js';
import { api } from '../api.js';
import { pct, ms, count, when, duration } from '../format.js';
import { badge, cellLink, link, message, section, table, facts, action, post, poll, show } from './parts.js';

export const name = 'deployment';

const ENDED = ['Succeeded', 'RolledBack', 'Failed', 'Aborted'];

export function render(root, [id], ctx) {
  const enc = encodeURIComponent(id);
  const error = h('div');
  const actions = h('div', { class: 'actions', testid: 'deployment-actions' });
  const out = h('div', { testid: 'deployment' }, h('p', { class: 'muted' }, 'Loading…'));
  root.append(h('div', { class: 'title' }, h('h1', null, 'Deployment ', h('span', { testid: 'deployment-id' }, id)), link('#/deployments', '← deployments')), error, actions, out);
  let last = '';
  let controls = '';

  const control = (verb, label, confirm) => action(ctx, {
    label, testid: `deployment-${verb}`, confirm, run: () => post(`deployments/${enc}/${verb}`, {}), done: refresh,
  });

  const draw = (d) => {
    const ended = ENDED.includes(d.state);
    const key = `${d.state}|${d.pauseRequested}|${d.abortRequested}`;
    if (key !== controls) {
      controls = key;
      show(actions,
        d.state === 'WaitingForApproval' ? control('approve', 'Approve wave', `Approve the waiting wave of ${id}?`) : null,
        !ended && d.state !== 'Paused' && !d.pauseRequested ? control('pause', 'Pause', null) : null,
        d.state === 'Paused' ? control('resume', 'Resume', `Resume ${id}? If it paused on an inconclusive bake, this accepts the wave.`) : null,
        !ended && !d.abortRequested ? control('abort', 'Abort', `Abort ${id}? Cells already on ${d.version} keep it.`) : null);
    }
    show(out,
      section('Deployment', 'deployment-card', facts([
        ['State', [badge('deployment', d.state), d.pauseRequested ? ' (pause requested)' : '', d.abortRequested ? ' (abort requested)' : ''], 'deployment-state'],
        ['Version', [d.version, d.hotfix ? h('span', { class: 'tag hotfix', testid: 'hotfix' }, 'HOTFIX') : null], 'deployment-version'],
        ['Name', d.name ?? '—'],
        ['Artifact', d.release.artifact ?? 'the program each cell runs now'],
        ['Approval', d.approval],
        ['Gates', `error rate +${pct(d.gates.errorRateIncrease, 1)}, p99 × ${d.gates.p99Factor} + ${d.gates.p99FloorMs} ms, at least ${d.gates.minRequests} requests, bake extended up to ${d.gates.maxBakeExtensionSeconds} s`],
        d.analysis?.length ? ['Prometheus analyses', d.analysis.map((a) => `${a.name}: ${a.query} → ${a.successCondition}`).join('; ')] : null,
        ['Rollback', d.rollbackAll ? 'every deployed cell' : 'the failing wave'],
        ['Created', `${when(d.createdAt)} by ${d.createdBy}`],
        ['Updated / ended', `${when(d.updatedAt)} / ${when(d.endedAt)}`],
        d.reason ? ['Reason', d.reason, 'deployment-reason'] : null,
      ])),
      section('Waves × cells', 'waves-card', waves(d)),
      d.report ? section('Report', 'report-card', table([
        { title: 'Group', cell: (g) => g.group },
        { title: 'Version', cell: (g) => g.version },
        { title: 'Cells', cell: (g) => g.cells.join(', ') },
        { title: 'Requests', cell: (g) => count(g.requests), cls: 'num' },
        { title: 'Error rate', cell: (g) => pct(g.errorRate), cls: 'num' },
        { title: 'p99', cell: (g) => ms(g.p99Ms), cls: 'num' },
      ], d.report.groups, { testid: 'report-table' }), d.report.decisive ? h('p', null, 'Decisive: ', d.report.decisive.detail) : null) : null,
      section('Gate evidence', 'evidence-card', table([
        { title: 'When', cell: (e) => when(e.at) },
        { title: 'Wave', cell: (e) => String(e.wave + 1) },
        { title: 'Cell', cell: (e) => cellLink(e.cell) },
        { title: 'Gate', cell: (e) => e.gate },
        { title: 'Metric', cell: (e) => e.metric },
        { title: 'Canary', cell: (e) => metric(e.metric, e.canary), cls: 'num' },
        { title: 'Compared with', cell: (e) => metric(e.metric, e.baseline), cls: 'num' },
        { title: 'Threshold', cell: (e) => metric(e.metric, e.threshold), cls: 'num' },
        { title: 'Verdict', cell: (e) => badge('verdict', e.verdict) },
        { title: 'Detail', cell: (e) => e.detail },
      ], [...d.evidence].reverse(), { testid: 'evidence-table', rowTestId: 'evidence-row', empty: 'No gate has judged yet.' })));
    tick();
  };

  // Bake countdowns tick every second between the two-second refreshes.
  const tick = () => {
    for (const el of out.querySelectorAll('[data-bake-ends]')) {
      const left = new Date(el.dataset.bakeEnds).getTime() - Date.now();
      el.textContent = left > 0 ? `bake ends in ${duration(Math.ceil(left / 1000) * 1000)}` : 'bake time over, judging';
    }
  };
  const ticker = setInterval(tick, 1000);

  async function refresh() {
    const d = await api(`deployments/${enc}`);
    show(error);
    const key = JSON.stringify(d);
    if (key !== last) {
      last = key;
      draw(d);
    }
  }
  const stop = poll(refresh, 2000, (e) => show(error, message(e.message)));
  return () => {
    stop();
    clearInterval(ticker);
  };
}

function metric(kind, v) {
  if (v === null || v === undefined) return 'no data';
  if (kind === 'errorRate') return pct(v);
  if (kind === 'p99Ms') return ms(v);
  return count(v);
}

function waves(d) {
  const byCell = new Map(d.cells.map((c) => [c.cell, c]));
  return h('table', { class: 'grid waves', testid: 'waves-grid' },
    h('thead', null, h('tr', null, h('th', null, 'Wave'), h('th', null, 'State'), h('th', null, 'Bake'), h('th', null, 'Cells'))),
    h('tbody', null, d.waves.map((w) => h('tr', { testid: 'wave-row', 'data-wave': w.index },
      h('td', null, `Wave ${w.index + 1}`),
      h('td', null, badge('wave', w.state), w.approved ? h('div', { class: 'muted' }, `approved by ${w.approved}`) : null,
        w.waiting ? h('div', { class: 'muted', testid: 'wave-waiting' }, `waiting: ${w.waiting}`) : null),
      h('td', null, `${w.bakeSeconds} s`, w.state === 'Baking' && w.bakeEndsAt
        ? h('div', { class: 'countdown', testid: 'bake-countdown', 'data-bake-ends': w.bakeEndsAt }, '') : null),
      h('td', null, h('div', { class: 'chips' }, w.cells.map((id) => {
        const c = byCell.get(id);
        return h('span', { class: `chip cellstate-${(c?.state ?? 'Pending').toLowerCase()}`, testid: 'wave-cell', 'data-cell': id, title: c?.error ?? '' },
          cellLink(id), ` ${c?.state ?? 'Pending'}`, c?.error ? ' (error)' : '');
      })))))));
}
