/**
 * @module components/bits
 * Small shared pieces: an error box that says what went wrong, a loading
 * line that says what it waits for, a status badge, a progress bar, and a
 * copy-to-clipboard button.
 */
import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export function ErrorBox({ error }: { error: string | null }) {
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

export function Loading({ what }: { what: string }) {
  return <p class="muted">Loading {what} from the coordinator…</p>;
}

export function Badge({ value, title }: { value: string; title?: string }) {
  return (
    <span class={`badge b-${value.replace(/[^a-z0-9-]/gi, '_').toLowerCase()}`} title={title}>
      {value}
    </span>
  );
}

export function Progress({ done, total }: { done: number; total: number }) {
  const pct = total > 0 ? Math.min(100, Math.round((100 * done) / total)) : 0;
  return (
    <span class="progress" title={`${done} of ${total}`}>
      <span class="bar" style={{ width: `${pct}%` }} />
      <span class="label">
        {done}/{total}
      </span>
    </span>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      setDone('copy failed: select the text and copy it by hand');
    }
  };
  return (
    <>
      <button type="button" onClick={copy}>
        {label}
      </button>
      {done && <span class="muted"> {done}</span>}
    </>
  );
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
