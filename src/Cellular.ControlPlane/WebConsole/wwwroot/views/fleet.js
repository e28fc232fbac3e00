// Fleet: one row per cell, sorted, filtered and paged by the server, live from the fleet stream.
// Only the page of rows is in the DOM, and no row makes a request of its own: fast at 1,000 cells.

import { h } from '../dom.js';
import { fleetStream } from '../sse.js';
import { withQuery } from '../api.js';
import { pct, ms, rate, count, ago, when } from '../format.js';
import { badge, cellLink, link, message, section, sparkline, show, action, post } from './parts.js';

export const name = 'fleet';

/** Opens its stream before whoami answers (see app.js); draws once the role is known. */
export const early = true;

const STATES = ['Provisioning', 'Active', 'Draining', 'Unhealthy', 'Quarantined'];
const HEALTH = ['healthy', 'failing', 'unknown'];
const SIZES = [25, 50, 100, 200, 500];

const COLUMNS = [
  { key: 'id', title: 'Cell' },
  { key: 'state', title: 'State' },
  { key: 'health', title: 'Health' },
  { key: 'version', title: 'Version' },
  { key: 'tenants', title: 'Tenants', cls: 'num' },
  { key: 'utilisation', title: 'Load / capacity', cls: 'num' },
  { key: 'rps', title: 'Requests/s', cls: 'num' },
  { key: 'successRate', title: 'Success', cls: 'num' },
  { key: 'p50', title: 'p50', cls: 'num' },
  { key: 'p99', title: 'p99', cls: 'num' },
  { key: null, title: 'Last minutes' },
  { key: 'alarms', title: 'Alarms' },
];

const SORT_KEYS = ['id', 'state', 'health', 'stage', 'version', 'tenants', 'load', 'utilisation', 'rps', 'successRate', 'p50', 'p99', 'alarms'];

function readQuery(query) {
  const limit = Number(query.get('limit')) || 50;
  const sort = query.get('sort');
  return {
    sort: SORT_KEYS.includes(sort) ? sort : 'id',
    alarm: query.get('alarm') === 'any' ? 'any' : '',
    desc: query.get('desc') === 'true',
    q: query.get('q') || '',
    state: STATES.includes(query.get('state')) ? query.get('state') : '',
    health: HEALTH.includes(query.get('health')) ? query.get('health') : '',
    offset: Math.max(0, Number(query.get('offset')) || 0),
    limit: SIZES.includes(limit) ? limit : 50,
  };
}

function apiQuery(s) {
  return withQuery('', { sort: s.sort, desc: s.desc ? 'true' : null, q: s.q, state: s.state, health: s.health, alarm: s.alarm, offset: s.offset || null, limit: s.limit }).replace(/^\?/, '');
}

export function render(root, _params, ctx, query) {
  const state = readQuery(query);
  let page = null;
  let closeStream = null;
  let filterTimer = 0;
  let marked = false;

  const live = h('span', { class: 'live', testid: 'fleet-live' }, 'connecting…');
  const sampled = h('span', { class: 'muted', testid: 'fleet-sampled' });
  const summary = h('div', { class: 'summary', testid: 'fleet-summary' });
  const approvals = h('div', { testid: 'approvals' });
  const problems = h('div', { testid: 'fleet-problems' });
  const tbody = h('tbody', { testid: 'fleet-rows' }, h('tr', { class: 'empty' }, h('td', { colspan: COLUMNS.length }, 'Loading the fleet…')));
  const headRow = h('tr');
  const pager = h('div', { class: 'pager', testid: 'fleet-pager' });

  const filter = h('input', { type: 'search', placeholder: 'Filter: id, region, zone, version, label', value: state.q, testid: 'fleet-filter', 'aria-label': 'Filter cells' });
  const stateSelect = select('fleet-state-filter', 'State', STATES, state.state);
  const healthSelect = select('fleet-health-filter', 'Health', HEALTH, state.health);
  const alarmBox = h('input', { type: 'checkbox', testid: 'fleet-alarm-filter', checked: state.alarm === 'any' });
  const alarmLabel = h('label', { class: 'check' }, alarmBox, ' only cells with alarms');
  const sizeSelect = h('select', { testid: 'fleet-page-size', 'aria-label': 'Rows per page' },
    SIZES.map((n) => h('option', { value: n, selected: n === state.limit }, `${n} rows`)));

  const reconnect = () => {
    if (closeStream) closeStream();
    history.replaceState(null, '', `#/fleet?${apiQuery(state)}`);
    live.textContent = 'connecting…';
    closeStream = fleetStream(apiQuery(state), (p) => {
      if (!marked) performance.mark('cellular:fleet-event');
      page = p;
      ctx.ready.then(() => page === p && draw(), () => {});
    }, (status) => {
      live.textContent = status === 'live' ? 'live' : 'reconnecting…';
      live.className = `live ${status}`;
    });
  };
  const change = (patch) => {
    Object.assign(state, patch);
    drawHead();
    reconnect();
  };

  filter.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => change({ q: filter.value.trim(), offset: 0 }), 250);
  });
  stateSelect.addEventListener('change', () => change({ state: stateSelect.value, offset: 0 }));
  healthSelect.addEventListener('change', () => change({ health: healthSelect.value, offset: 0 }));
  alarmBox.addEventListener('change', () => change({ alarm: alarmBox.checked ? 'any' : '', offset: 0 }));
  sizeSelect.addEventListener('change', () => change({ limit: Number(sizeSelect.value), offset: 0 }));

  function drawHead() {
    show(headRow, COLUMNS.map((c) => {
      if (!c.key) return h('th', { scope: 'col' }, c.title);
      const sorted = state.sort === c.key;
      const arrow = sorted ? (state.desc ? ' ▼' : ' ▲') : '';
      return h('th', { scope: 'col', class: c.cls, 'aria-sort': sorted ? (state.desc ? 'descending' : 'ascending') : 'none' },
        h('button', {
          type: 'button', class: 'sort', testid: `sort-${c.key}`,
          onclick: () => change(sorted ? { desc: !state.desc, offset: 0 } : { sort: c.key, desc: false, offset: 0 }),
        }, c.title, arrow));
    }));
  }

  function draw() {
    const s = page.summary;
    const measured = s.statsAvailable;
    sampled.textContent = s.sampledAt ? `router stats sampled ${ago(s.sampledAt)} (${when(s.sampledAt)}), window ${Math.round(s.windowSeconds)} s` : 'router stats not sampled yet';
    show(summary,
      figure('Cells', count(s.cells), 'summary-cells'),
      counts('By state', s.byState, 'summary-states'),
      counts('By health', s.byHealth, 'summary-health'),
      counts('By version', s.versions, 'summary-versions'),
      figure('Tenants', count(s.tenants), 'summary-tenants'),
      figure('Fleet requests/s', rate(s.signals.requestsPerSecond, measured), 'summary-rps'),
      figure('Fleet success', measured ? pct(s.signals.successRate) : 'no data', 'summary-success'),
      figure('Fleet p99', measured ? ms(s.signals.p99Ms) : 'no data', 'summary-p99'),
      figure('Cells with alarms', count(s.cellsWithAlarms), 'summary-alarms'));
    show(problems, measured ? null : message(`Router statistics cannot be read: ${s.statsError ?? 'no router answered'}. Traffic columns show "no data".`, 'warning', 'stats-error'));
    drawApprovals(s.waitingForApproval ?? []);
    drawRows(measured);
    if (!marked) {
      // The first screen of rows is in the DOM: the console benchmark reads this mark.
      marked = true;
      performance.mark('cellular:fleet-rows');
    }
    const first = page.matched === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.rows.length;
    show(pager,
      h('button', { type: 'button', testid: 'fleet-prev', disabled: page.offset === 0, onclick: () => change({ offset: Math.max(0, page.offset - state.limit) }) }, '‹ Previous'),
      h('span', { testid: 'fleet-range' }, `Cells ${count(first)}–${count(last)} of ${count(page.matched)} matching`),
      h('button', { type: 'button', testid: 'fleet-next', disabled: last >= page.matched, onclick: () => change({ offset: page.offset + state.limit }) }, 'Next ›'));
  }

  function drawApprovals(list) {
    if (list.length === 0) {
      show(approvals, h('p', { class: 'muted', testid: 'approvals-none' }, 'Nothing waits for approval.'));
      return;
    }
    show(approvals, h('ul', { class: 'approvals' }, list.map((a) => h('li', { testid: 'approval', 'data-deployment': a.deployment },
      link(`#/deployments/${encodeURIComponent(a.deployment)}`, a.deployment), ` version ${a.version}, wave ${a.wave + 1} (${a.cells.join(', ')}) waits since ${when(a.since)} (${ago(a.since)}) `,
      action(ctx, { label: 'Approve', testid: `approve-${a.deployment}`, confirm: `Approve wave ${a.wave + 1} of ${a.deployment}?`, run: () => post(`deployments/${encodeURIComponent(a.deployment)}/approve`, {}) })))));
  }

  function drawRows(measured) {
    if (page.rows.length === 0) {
      show(tbody, h('tr', { class: 'empty' }, h('td', { colspan: COLUMNS.length, testid: 'fleet-empty' }, page.matched === 0 && page.summary.cells > 0 ? 'No cell matches the filter.' : 'No cells.')));
      return;
    }
    const frag = document.createDocumentFragment();
    for (const r of page.rows) {
      const sig = r.signals;
      const has = measured && sig.requests > 0;
      const util = r.capacity > 0 ? ` (${Math.round((r.load / r.capacity) * 100)} %)` : '';
      frag.append(h('tr', { testid: 'fleet-row', 'data-cell': r.id, class: r.alarms.length ? 'alarmed' : null },
        h('td', { testid: 'row-id' }, cellLink(r.id), r.deployment ? h('span', { class: 'tag', title: `deployment ${r.deployment} works on this cell` }, r.deployment) : null,
          r.migrations ? h('span', { class: 'tag', title: 'tenants moving' }, `${r.migrations} moving`) : null,
          r.experiment ? h('span', { class: 'tag', title: `experiment ${r.experiment} targets this cell` }, r.experiment) : null),
        h('td', { testid: 'row-state' }, badge('state', r.state)),
        h('td', { testid: 'row-health' }, badge('health', r.health)),
        h('td', { testid: 'row-version' }, r.version),
        h('td', { class: 'num', testid: 'row-tenants' }, count(r.tenants)),
        h('td', { class: 'num', testid: 'row-load' }, `${count(r.load)} / ${count(r.capacity)}${util}`),
        h('td', { class: 'num', testid: 'row-rps' }, rate(sig.requestsPerSecond, measured)),
        h('td', { class: 'num', testid: 'row-success' }, has ? pct(sig.successRate) : 'no data'),
        h('td', { class: 'num', testid: 'row-p50' }, has ? ms(sig.p50Ms) : 'no data'),
        h('td', { class: 'num', testid: 'row-p99' }, has ? ms(sig.p99Ms) : 'no data'),
        h('td', null, measured ? sparkline(r.sparkline, `${r.id}: requests/s over the last minutes`) : h('span', { class: 'muted' }, 'no data')),
        h('td', { testid: 'row-alarms' }, r.alarms.length === 0 ? h('span', { class: 'muted' }, 'none')
          : r.alarms.map((a) => h('span', { class: `alarm sev-${a.severity}`, title: a.detail }, `${a.kind} (${a.severity})`)))));
    }
    tbody.replaceChildren(frag);
  }

  drawHead();
  root.append(
    h('div', { class: 'title' }, h('h1', null, 'Fleet'), live, sampled),
    problems,
    summary,
    section('Waiting for approval', 'approvals-card', approvals),
    h('div', { class: 'controls' }, filter, stateSelect, healthSelect, alarmLabel, sizeSelect),
    h('div', { class: 'scroll' }, h('table', { class: 'grid fleet', testid: 'fleet-table' }, h('thead', null, headRow), tbody)),
    pager);
  reconnect();

  return () => {
    clearTimeout(filterTimer);
    if (closeStream) closeStream();
  };
}

function select(testid, label, values, current) {
  return h('select', { testid, 'aria-label': label },
    h('option', { value: '' }, `${label}: any`),
    values.map((v) => h('option', { value: v, selected: v === current }, `${label}: ${v}`)));
}

function figure(label, value, testid) {
  return h('div', { class: 'figure' }, h('span', { class: 'label' }, label), h('span', { class: 'value', testid }, value));
}

function counts(label, map, testid) {
  const entries = Object.entries(map ?? {}).sort((a, b) => b[1] - a[1]);
  return h('div', { class: 'figure wide' }, h('span', { class: 'label' }, label),
    h('span', { class: 'value', testid }, entries.length === 0 ? 'none'
      : entries.map(([k, n], i) => [i ? ' · ' : '', h('span', { 'data-key': k }, `${k}: ${count(n)}`)])));
}
