// Numbers as people read them. Anything without data says "no data" — never NaN, never 0 %.

export const NO_DATA = 'no data';

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** 0.9987 → "99.87 %". */
export function pct(v, digits = 2) {
  return finite(v) ? `${(v * 100).toFixed(digits)} %` : NO_DATA;
}

/** Milliseconds of latency. */
export function ms(v) {
  if (!finite(v)) return NO_DATA;
  return v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`;
}

/** Requests per second; "no data" when nothing was measured. */
export function rate(v, measured = true) {
  if (!measured || !finite(v)) return NO_DATA;
  if (v === 0) return '0/s';
  return v < 10 ? `${v.toFixed(2)}/s` : `${Math.round(v)}/s`;
}

/** A count with thousands separators. */
export function count(v) {
  return finite(v) ? v.toLocaleString('en-US') : NO_DATA;
}

/** A duration in milliseconds as "350 ms", "4.2 s", "3 m 05 s". */
export function duration(v) {
  if (!finite(v)) return '—';
  if (v < 1000) return `${Math.round(v)} ms`;
  const s = v / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** An instant as "2026-12-07 15:34:37Z" (UTC, unambiguous in an incident channel). */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** "12 s ago", "3 m ago". */
export function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
