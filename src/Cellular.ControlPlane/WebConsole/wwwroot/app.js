// The console shell: who is signed in, the hash router, sign-out. Each view module exports
// `render(root, params, ctx)` and may return a function that stops its timers and streams.

import { api, signOut } from './api.js';
import { h } from './dom.js';
import { message } from './views/parts.js';

const routes = [
  [/^\/fleet$/, 'fleet', () => import('./views/fleet.js')],
  [/^\/cells\/([^/]+)$/, 'fleet', () => import('./views/cell.js')],
  [/^\/tenants$/, 'tenants', () => import('./views/tenant.js')],
  [/^\/tenants\/([^/]+)$/, 'tenants', () => import('./views/tenant.js')],
  [/^\/migrations$/, 'migrations', () => import('./views/migrations.js')],
  [/^\/migrations\/([^/]+)$/, 'migrations', () => import('./views/migration.js')],
  [/^\/experiments$/, 'experiments', () => import('./views/experiments.js')],
  [/^\/experiments\/([^/]+)$/, 'experiments', () => import('./views/experiment.js')],
  [/^\/deployments$/, 'deployments', () => import('./views/deployments.js')],
  [/^\/deployments\/([^/]+)$/, 'deployments', () => import('./views/deployment.js')],
  [/^\/audit$/, 'audit', () => import('./views/audit.js')],
];

const root = document.getElementById('view');
let stop = null;
let generation = 0;
/** Who is signed in; filled when `ready` resolves (GET auth/whoami). */
const ctx = { me: null, role: null, canOperate: false, ready: null };

/** `#/cells/c1?x=1` → { path: '/cells/c1', query: URLSearchParams }. */
export function location() {
  const hash = window.location.hash.replace(/^#/, '') || '/fleet';
  const [path, query = ''] = hash.split('?');
  return { path, query: new URLSearchParams(query) };
}

async function navigate() {
  const mine = ++generation;
  if (stop) {
    try { stop(); } catch { /* a view that fails to stop must not block the next */ }
    stop = null;
  }
  const { path, query } = location();
  const route = routes.find(([pattern]) => pattern.test(path));
  if (!route) {
    window.location.replace('#/fleet');
    return;
  }
  const [pattern, nav, load] = route;
  const params = pattern.exec(path).slice(1).map(decodeURIComponent);
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('current', a.dataset.nav === nav);
  try {
    const view = await load();
    // A view that says `early` (the fleet) starts its requests while whoami is still on its way
    // and waits for ctx.ready only before drawing; the others are drawn once the role is known.
    if (!view.early) await ctx.ready;
    if (mine !== generation) return;
    root.replaceChildren();
    root.dataset.view = view.name ?? nav;
    stop = view.render(root, params, ctx, query) ?? null;
  } catch (error) {
    if (mine === generation) root.replaceChildren(message(error.message));
  }
}

function signedIn(me) {
  performance.mark('cellular:whoami');
  Object.assign(ctx, { me, role: me.role, canOperate: me.role === 'CellOperator' || me.role === 'Admin' });
  document.body.dataset.role = ctx.role;
  document.querySelector('[data-testid=whoami]').replaceChildren(
    h('span', { testid: 'whoami-name' }, ctx.me.name), ' · ',
    h('span', { class: 'role', testid: 'whoami-role' }, ctx.role === 'ReadOnly' ? 'ReadOnly (view only)' : ctx.role));
}

function start() {
  ctx.ready = api('auth/whoami').then(signedIn);
  // 401 already left for the sign-in page; anything else is said above the view.
  ctx.ready.catch((error) => error.status !== 401 && root.prepend(message(error.message)));
  document.querySelector('[data-testid=sign-out]').addEventListener('click', async () => {
    await signOut();
    window.location.assign('/');
  });
  window.addEventListener('hashchange', navigate);
  navigate();
}

start();
