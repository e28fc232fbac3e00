// The fleet's live feed: GET /api/v1/fleet/stream (server-sent events). EventSource reconnects by
// itself after a dropped connection; when the server refuses (an error status closes it for good)
// we open a new one after a growing pause, so a restarted control plane is picked up again; an
// ended session (401) sends the browser to the sign-in page instead of retrying for ever.

import { api } from './api.js';

/**
 * Opens the fleet stream for `query` (a query string without `?`); calls `onPage(FleetPage)` per
 * `fleet` event and `onStatus('live' | 'reconnecting')`. Returns a function that closes it.
 */
export function fleetStream(query, onPage, onStatus) {
  let source = null;
  let closed = false;
  let retryMs = 1000;
  let timer = 0;

  const open = () => {
    if (closed) return;
    source = new EventSource(`/api/v1/fleet/stream${query ? `?${query}` : ''}`, { withCredentials: true });
    source.addEventListener('fleet', (event) => {
      retryMs = 1000;
      onStatus('live');
      let page;
      try {
        page = JSON.parse(event.data);
      } catch {
        return;
      }
      onPage(page);
    });
    source.onerror = () => {
      if (closed) return;
      onStatus('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        timer = setTimeout(() => {
          // whoami answers 401 when the session ended; api() then leaves for the sign-in page.
          api('auth/whoami').catch(() => {}).finally(open);
        }, retryMs);
        retryMs = Math.min(retryMs * 2, 15000);
      }
    };
  };

  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    if (source) source.close();
  };
}
