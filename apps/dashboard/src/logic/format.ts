/**
 * @module logic/format
 * How numbers, times and errors read on the dashboard.
 */
import { ApiError } from '@fl/api-client';

export const num = (v: number | null | undefined, digits = 4): string => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–');

export const seconds = (v: number | null | undefined): string => (typeof v === 'number' ? `${v.toFixed(1)} s` : '–');

export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export const count = (n: number): string => n.toLocaleString('en-US');

/** An error as a sentence a person can act on. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return `The coordinator cannot be reached (${e.detail}). Is it running?`;
    if (e.status === 401) return `Not logged in, or the session ended (${e.code}): log in again with an API token.`;
    if (e.status === 403) return `Your role may not do this (${e.code}: ${e.detail}).`;
    return `${e.request} failed: HTTP ${e.status} ${e.code} — ${e.detail}`;
  }
  return e instanceof Error ? e.message : String(e);
}
