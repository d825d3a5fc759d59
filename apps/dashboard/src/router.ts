/**
 * @module router
 * History-API routing for the few pages (the coordinator answers every
 * non-API path with index.html). Links are plain `<a href>`: a click is
 * intercepted and pushed, so reloads and bookmarks work.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'overview' }
  | { page: 'job'; id: string }
  | { page: 'models' }
  | { page: 'clients' }
  | { page: 'audit' }
  | { page: 'tokens' }
  | { page: 'missing'; path: string };

export function parseRoute(path: string): Route {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '/') return { page: 'overview' };
  const job = /^\/jobs\/([^/]+)$/.exec(p);
  if (job) return { page: 'job', id: decodeURIComponent(job[1]) };
  if (p === '/models' || p === '/clients' || p === '/audit' || p === '/tokens') return { page: p.slice(1) } as Route;
  return { page: 'missing', path: p };
}

export function navigate(href: string): void {
  history.pushState(null, '', href);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element).closest?.('a');
      if (!a || a.target || a.hasAttribute('download') || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
      const url = new URL(a.href);
      if (url.origin !== location.origin || url.pathname.startsWith('/api')) return;
      e.preventDefault();
      navigate(url.pathname);
    };
    addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }, []);
  return parseRoute(path);
}
