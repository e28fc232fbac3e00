// Pieces every view uses: badges that say their state in words, tables, pagers, action buttons
// (made only for operators: a ReadOnly session never gets them in the DOM), polling.

import { h, svg } from '../dom.js';
import { api } from '../api.js';

const slug = (text) => String(text ?? 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** A state as a word with a colour class; the word carries the meaning, the colour only helps. */
export function badge(kind, value, testid) {
  return h('span', { class: `badge ${kind}-${slug(value)}`, testid }, String(value ?? 'unknown'));
}

/** Link to a cell, a tenant, a migration… */
export const link = (href, text, testid) => h('a', { href, testid }, text);
export const cellLink = (id) => link(`#/cells/${encodeURIComponent(id)}`, id);

/** A titled block. */
export const section = (title, testid, ...body) =>
  h('section', { class: 'card', testid }, h('h2', null, title), ...body);

/** A message box for errors and results. */
export function message(text, kind = 'error', testid = 'message') {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status', testid }, text);
}

/**
 * A table: `columns` = [{title, cell: row => node|text, cls}], one tr per row with
 * `data-testid=rowTestId` and `data-key=key(row)`. An empty list shows `empty`.
 */
export function table(columns, rows, { testid, rowTestId, key, empty = 'None.' } = {}) {
  const head = h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.cls, scope: 'col' }, c.title))));
  const body = h('tbody', null,
    rows.length === 0
      ? h('tr', { class: 'empty' }, h('td', { colspan: columns.length }, empty))
      : rows.map((row) => h('tr', { testid: rowTestId, 'data-key': key ? key(row) : null },
        columns.map((c) => h('td', { class: c.cls }, c.cell(row))))));
  return h('table', { class: 'grid', testid }, head, body);
}

/** A definition list of label → value pairs. */
export function facts(pairs, testid) {
  return h('dl', { class: 'facts', testid },
    pairs.filter(Boolean).map(([label, value, id]) => [h('dt', null, label), h('dd', { testid: id }, value)]));
}

/**
 * An action button for operators, or nothing. A click asks for confirmation in the page (the
 * sentence in `confirm`), then runs `run()`; the outcome is shown next to it and `done()` called.
 */
export function action(ctx, { label, testid, confirm, run, done }) {
  if (!ctx.canOperate) return null;
  const wrap = h('span', { class: 'action' });
  const button = h('button', { type: 'button', class: 'act', testid, 'data-action': testid }, label);
  const result = h('span', { class: 'result', testid: `${testid}-result` });
  const go = async () => {
    wrap.querySelectorAll('.confirm').forEach((el) => el.remove());
    button.disabled = true;
    result.textContent = 'Working…';
    result.className = 'result';
    try {
      await run();
      result.textContent = 'Done.';
      result.className = 'result ok';
      if (done) await done();
    } catch (error) {
      result.textContent = error.message;
      result.className = 'result error';
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => {
    if (!confirm) return go();
    if (wrap.querySelector('.confirm')) return undefined;
    wrap.append(h('span', { class: 'confirm' }, confirm, ' ',
      h('button', { type: 'button', class: 'act danger', testid: `${testid}-confirm`, 'data-action': `${testid}-confirm`, onclick: go }, 'Confirm'),
      h('button', { type: 'button', testid: `${testid}-cancel`, onclick: (e) => e.target.parentElement.remove() }, 'Cancel')));
    return undefined;
  });
  wrap.append(button, result);
  return wrap;
}

/** POST helper for actions. */
export const post = (path, body) => api(path, { method: 'POST', body });

/**
 * Calls `tick()` now and then every `ms` after the previous call finished, until the returned
 * stop function runs. Errors are passed to `onError` (shown, then the polling goes on).
 */
export function poll(tick, ms, onError) {
  let stopped = false;
  let timer = 0;
  const run = async () => {
    if (stopped) return;
    try {
      await tick();
    } catch (error) {
      if (onError && !stopped) onError(error);
    }
    if (!stopped) timer = setTimeout(run, ms);
  };
  run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** A small sparkline of non-negative values (oldest first), or "no data". */
export function sparkline(values, label) {
  if (!values || values.length === 0) return h('span', { class: 'muted' }, 'no data');
  const width = 100;
  const height = 22;
  const max = Math.max(...values, 0);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => {
    const y = max > 0 ? height - 1 - (v / max) * (height - 2) : height - 1;
    return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
  }).join(' ');
  return svg('svg', { class: 'spark', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label },
    svg('title', null, label),
    svg('polyline', { points: values.length > 1 ? points : `0,${height - 1} ${width},${height - 1}`, fill: 'none' }));
}

/** Replaces the children of `el`. */
export const show = (el, ...nodes) => el.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
