// One experiment and its blast-radius report: for each cell its error rate and p99 before, during
// and after the fault, as a chart (SVG, drawn here) and as a table of the same numbers.

import { h, svg } from '../dom.js';
import { api } from '../api.js';
import { pct, ms, count, when } from '../format.js';
import { badge, cellLink, link, message, section, table, facts, action, post, poll, show } from './parts.js';

export const name = 'experiment';

const PHASES = ['before', 'during', 'after'];
const ENDED = ['Completed', 'Aborted', 'Stopped', 'Failed'];

export function render(root, [id], ctx) {
  const enc = encodeURIComponent(id);
  const out = h('div', { testid: 'experiment' }, h('p', { class: 'muted' }, 'Loading…'));
  const error = h('div');
  const actions = h('div', { class: 'actions', testid: 'experiment-actions' });
  root.append(h('div', { class: 'title' }, h('h1', null, 'Experiment ', h('span', { testid: 'experiment-id' }, id)), link('#/experiments', '← experiments')), error, actions, out);
  let last = '';
  let lastState = '';
  let stop = null;

  const draw = (x) => {
    if (x.state !== lastState) {
      lastState = x.state;
      show(actions, ['Pending', 'Running'].includes(x.state)
        ? action(ctx, { label: 'Stop', testid: 'experiment-stop', confirm: `Stop ${id} and clear its faults?`, run: () => post(`experiments/${enc}/stop`), done: refresh })
        : null);
    }
    const f = x.fault;
    const r = x.report;
    show(out,
      section('Experiment', 'experiment-card', facts([
        ['State', badge('experiment', x.state), 'experiment-state'],
        ['Name', x.name ?? '—'],
        ['Targets', x.targets.map((t, i) => [i ? ', ' : '', cellLink(t)])],
        ['Fault', `${f.kind}${f.latencyMs ? ` ${f.latencyMs} ms` : ''}${f.status ? ` status ${f.status}` : ''}, rate ${pct(f.rate, 0)}${f.tenants ? `, tenants ${f.tenants.join(', ')}` : ', all tenants'}`],
        ['Duration', `${x.durationSeconds} s (before ${x.baselineSeconds} s, after ${x.afterSeconds} s)`],
        ['Stop conditions', `non-target error rate +${pct(x.stopConditions.nonTargetErrorRateIncrease, 1)}, p99 × ${x.stopConditions.nonTargetP99Factor} + ${x.stopConditions.nonTargetP99FloorMs} ms, at least ${x.stopConditions.minRequests} requests`],
        ['Created', `${when(x.createdAt)} by ${x.createdBy}`],
        ['Started / ended', `${when(x.startedAt)} / ${when(x.endedAt)}`],
        x.reason ? ['Reason', x.reason, 'experiment-reason'] : null,
        !r && x.reportDueAt ? ['Report', `due ${when(x.reportDueAt)}`] : null,
      ])),
      r ? report(r) : section('Blast radius', 'blast-card', h('p', { class: 'muted', testid: 'blast-none' }, ENDED.includes(x.state) && !x.reportDueAt ? 'No report: the experiment never ran its fault.' : 'The report is built once the after-window has passed.')),
      section('Injections', 'injections-card', table([
        { title: 'Cell', cell: (i) => cellLink(i.cell) },
        { title: 'Fault id', cell: (i) => i.faultId ?? '—' },
        { title: 'Expires', cell: (i) => when(i.expiresAt) },
        { title: 'Cleared', cell: (i) => when(i.clearedAt) },
        { title: 'Error', cell: (i) => i.error ?? '' },
      ], x.injections, { empty: 'Nothing injected.' })));
  };

  const refresh = async () => {
    const x = await api(`experiments/${enc}`);
    show(error);
    const key = JSON.stringify(x);
    if (key !== last) {
      last = key;
      draw(x);
    }
    if (x.report && stop) {
      stop();
      stop = null;
    }
  };
  stop = poll(refresh, 2000, (e) => show(error, message(e.message)));
  return () => stop && stop();
}

function report(r) {
  const cells = [...r.cells].sort((a, b) => (b.target - a.target) || a.cell.localeCompare(b.cell));
  return section('Blast radius', 'blast-card',
    facts([
      ['Verdict', badge('verdict', r.verdict), 'blast-verdict'],
      ['Affected tenants', `${count(r.affectedTenantsCount)} of ${count(r.totalTenants)} (${pct(r.affectedTenantShare, 1)})`],
      ['Only target tenants affected', r.affectedOnlyTargetTenants ? 'yes' : 'no'],
      ['Affected outside targets', r.affectedOutsideTargets.length ? r.affectedOutsideTargets.join(', ') : 'none'],
      ['Windows', PHASES.map((p) => `${p} ${when(r.windows[p].from)} – ${when(r.windows[p].to)}`).join('; ')],
    ]),
    h('div', { class: 'charts' },
      chart(cells, 'Error rate per cell', (s) => s.errorRate, (v) => pct(v, 1), 'blast-chart-errors', 0.01),
      chart(cells, 'p99 per cell', (s) => s.p99Ms, ms, 'blast-chart-p99', 1)),
    table([
      { title: 'Cell', cell: (c) => [cellLink(c.cell), c.target ? ' (target)' : ''] },
      { title: 'Verdict', cell: (c) => (c.target ? 'target' : badge('verdict', c.verdict ?? 'unknown')) },
      ...PHASES.map((p) => ({ title: `${p}: requests, errors, p99`, cell: (c) => stats(c[p]) })),
    ], cells, { testid: 'blast-table', rowTestId: 'blast-row', key: (c) => c.cell }),
    h('h3', null, 'Evidence'),
    h('ul', { class: 'plain', testid: 'blast-evidence' }, r.evidence.map((e) => h('li', null, e))));
}

const stats = (s) => (s.requests === 0 ? 'no data' : `${count(s.requests)} req, ${pct(s.errorRate, 1)} errors, p99 ${ms(s.p99Ms)}`);

/** Grouped bars: one group per cell, bars before / during / after; no requests → "no data" mark. */
function chart(cells, title, value, format, testid, floor) {
  const barW = 12;
  const gap = 18;
  const groupW = barW * 3 + gap;
  const top = 24;
  const plotH = 120;
  const left = 56;
  const width = left + Math.max(1, cells.length) * groupW + 10;
  const height = top + plotH + 40;
  const values = cells.flatMap((c) => PHASES.map((p) => (c[p].requests > 0 ? value(c[p]) : 0)));
  const max = Math.max(floor, ...values) * 1.1;
  const y = (v) => top + plotH - (v / max) * plotH;
  const nodes = [
    svg('title', null, title),
    svg('text', { x: 0, y: 14, class: 'chart-title' }, title),
    svg('line', { x1: left - 4, y1: top + plotH, x2: width, y2: top + plotH, class: 'axis' }),
    svg('text', { x: left - 8, y: top + 4, class: 'tick', 'text-anchor': 'end' }, format(max)),
    svg('text', { x: left - 8, y: top + plotH, class: 'tick', 'text-anchor': 'end' }, format(0)),
  ];
  cells.forEach((c, i) => {
    const x0 = left + i * groupW;
    PHASES.forEach((p, j) => {
      const s = c[p];
      const x = x0 + j * barW;
      if (s.requests === 0) {
        nodes.push(svg('text', { x: x + barW / 2, y: top + plotH - 3, class: 'nodata', 'text-anchor': 'middle' }, '–',
          svg('title', null, `${c.cell} ${p}: no data`)));
        return;
      }
      const v = value(s);
      nodes.push(svg('rect', { x, y: y(v), width: barW - 2, height: Math.max(1, top + plotH - y(v)), class: `bar ${p}` },
        svg('title', null, `${c.cell} ${p}: ${format(v)} (${count(s.requests)} requests)`)));
    });
    nodes.push(svg('text', { x: x0 + (barW * 3) / 2, y: top + plotH + 14, class: 'tick', 'text-anchor': 'middle' }, c.cell));
    if (c.target) nodes.push(svg('text', { x: x0 + (barW * 3) / 2, y: top + plotH + 27, class: 'tick target', 'text-anchor': 'middle' }, 'target'));
  });
  const legend = h('p', { class: 'legend' }, PHASES.map((p) => h('span', { class: `key ${p}` }, p)), ' · "–" = no requests (no data)');
  return h('figure', { class: 'chart', testid },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title }, nodes), legend);
}
