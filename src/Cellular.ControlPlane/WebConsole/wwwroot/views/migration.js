// One migration, live: its phases as they happen (polled every second until it ends), the
// write-unavailable window and the copy, catch-up, verification and cutover figures.

import { h } from '../dom.js';
import { api } from '../api.js';
import { count, duration, when } from '../format.js';
import { badge, cellLink, link, message, section, table, facts, action, post, poll, show } from './parts.js';

export const name = 'migration';

const FLOW = ['Planned', 'Copying', 'CatchingUp', 'Verifying', 'Cutover', 'Switched', 'Soak', 'Complete'];
const ENDED = ['Complete', 'Aborted', 'Failed'];

export function render(root, [id], ctx) {
  const enc = encodeURIComponent(id);
  const out = h('div', { testid: 'migration' }, h('p', { class: 'muted' }, 'Loading…'));
  const error = h('div');
  const actions = h('div', { class: 'actions', testid: 'migration-actions' });
  root.append(h('div', { class: 'title' }, h('h1', null, 'Migration ', h('span', { testid: 'migration-id' }, id)), link('#/migrations', '← migrations')), error, actions, out);
  let stop = null;
  let last = '';
  let lastState = '';

  const draw = (m) => {
    const r = m.report ?? {};
    const c = r.cutover;
    const v = r.verification;
    const phases = r.phases ?? [];
    const byPhase = new Map(phases.map((p) => [p.phase, p]));
    const ended = ENDED.includes(m.state);
    if (m.state !== lastState) {
      lastState = m.state;
      show(actions,
        !ended && !['Switched', 'Soak'].includes(m.state)
          ? action(ctx, { label: 'Abort', testid: 'migration-abort', confirm: `Abort ${id} and roll it back?`, run: () => post(`migrations/${enc}/abort`), done: refresh })
          : null,
        ['Soak', 'Complete'].includes(m.state) && !m.reversedBy
          ? action(ctx, { label: 'Reverse', testid: 'migration-reverse', confirm: `Move ${m.tenant} back to ${m.from}?`, run: () => post(`migrations/${enc}/reverse`), done: refresh })
          : null);
    }
    show(out,
      section('Migration', 'migration-card', facts([
        ['State', badge('migration', m.state), 'migration-state'],
        ['Tenant', link(`#/tenants/${encodeURIComponent(m.tenant)}`, m.tenant)],
        ['From → to', [cellLink(m.from), ' → ', cellLink(m.to)]],
        ['Epoch', `${m.fromEpoch} → ${m.epoch}`],
        ['Weight', count(m.weight)],
        ['Created', `${when(m.createdAt)} by ${m.createdBy}`],
        ['Updated', when(m.updatedAt)],
        m.soakUntil ? ['Source copy kept until', when(m.soakUntil)] : null,
        m.reason ? ['Reason', m.reason, 'migration-reason'] : null,
        m.lastError ? ['Last error', m.lastError, 'migration-error'] : null,
        m.abortRequested ? ['Abort', 'requested, rollback under way'] : null,
        m.reverseOf ? ['Reverses', link(`#/migrations/${encodeURIComponent(m.reverseOf)}`, m.reverseOf)] : null,
        m.reversedBy ? ['Reversed by', link(`#/migrations/${encodeURIComponent(m.reversedBy)}`, m.reversedBy)] : null,
      ])),
      section('Phases', 'phases-card', h('ol', { class: 'phases', testid: 'phases' }, FLOW.map((name) => {
        const p = byPhase.get(name);
        const current = m.state === name;
        const status = current ? (ended ? 'done' : 'now') : p ? 'done' : ended ? 'skipped' : 'pending';
        const text = p ? `${when(p.startedAt)}${p.durationMs != null ? `, ${duration(p.durationMs)}` : current ? ', running' : ''}` : '';
        return h('li', { class: `phase ${status}`, testid: 'phase', 'data-phase': name, 'data-status': status },
          h('strong', null, name), ` — ${status}`, text ? h('span', { class: 'muted' }, ` (${text})`) : null);
      }), ['Aborted', 'Failed'].includes(m.state) ? h('li', { class: 'phase now', testid: 'phase', 'data-phase': m.state, 'data-status': 'now' }, h('strong', null, m.state), ' — rolled back') : null)),
      section('Write pause', 'pause-card', c ? facts([
        ['Fence → target serves', duration(c.fenceToActivateMs), 'pause-activate'],
        ['Fence → routers told', duration(c.fenceToPublishMs), 'pause-publish'],
        ['Fence → journal', duration(c.fenceToJournalMs)],
        ['Drain', duration(c.drainMs)],
        ['Cutover budget', duration(c.budgetMs)],
        ['Final sync', `${count(c.finalSyncChanges)} changes, ${count(c.finalSyncBytes)} bytes`],
        ['Rows / hashes', `${count(c.rows)} rows, ${c.sourceHash ?? '—'} = ${c.targetHash ?? '—'}`],
      ], 'pause-facts') : h('p', { class: 'muted', testid: 'pause-none' }, 'No cutover yet: writes have not paused.')),
      section('Copy and catch-up', 'copy-card', facts([
        ['Rows copied', count(r.rowsCopied)],
        ['Bytes copied', count(r.bytesCopied)],
        ['Changes replayed', count(r.changesCopied)],
        ['Catch-up rounds', count(r.catchUpRounds)],
        ['Catch-up lag', r.catchUpLag == null ? '—' : count(r.catchUpLag)],
        ['Snapshot watermark / synced to', `${r.snapshotWatermark ?? '—'} / ${r.syncedTo ?? '—'}`],
        v ? ['Verification', `${v.passed ? 'passed' : 'failed'}${v.consistent ? ', consistent' : ''}: ${v.detail}`] : null,
      ])));
  };

  const refresh = async () => {
    const m = await api(`migrations/${enc}`);
    show(error);
    const key = JSON.stringify(m);
    if (key !== last) {
      last = key;
      draw(m);
    }
    if (ENDED.includes(m.state) && stop) {
      stop();
      stop = null;
    }
  };
  stop = poll(refresh, 1000, (e) => show(error, message(e.message)));
  return () => stop && stop();
}
