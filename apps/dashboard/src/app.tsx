/**
 * @module app
 * The dashboard shell: session check, login, navigation (pages the role may
 * see), the live connection's state in words, and the routed page.
 */
import type { WhoAmI } from '@fl/protocol';
import { useLive, type Dispatch } from './live';
import { useRoute, type Route } from './router';
import { can, useSession } from './session';
import type { LiveState } from './logic/live-state';
import { Login } from './pages/Login';
import { Overview } from './pages/Overview';
import { Job } from './pages/Job';
import { Models } from './pages/Models';
import { Clients } from './pages/Clients';
import { Audit } from './pages/Audit';
import { Tokens } from './pages/Tokens';

export function App() {
  const { state, login, logout } = useSession();
  const [live, dispatch] = useLive(state.status === 'in');
  if (state.status === 'checking') return <p class="boot">Checking your session with the coordinator…</p>;
  if (state.status === 'out') return <Login error={state.error} onLogin={login} />;
  return <Shell me={state.me} live={live} dispatch={dispatch} onLogout={logout} />;
}

const CONNECTION_TEXT: Record<LiveState['connection'], string> = {
  connecting: 'Connecting for live updates…',
  live: 'Live',
  reconnecting: 'Reconnecting to the coordinator…',
  refused: 'Live updates refused',
};

function Shell({ me, live, dispatch, onLogout }: { me: WhoAmI; live: LiveState; dispatch: Dispatch; onLogout: () => void }) {
  const route = useRoute();
  const nav: Array<[string, string, boolean]> = [
    ['/', 'Overview', true],
    ['/models', 'Models', can(me, 'models:read')],
    ['/clients', 'Clients', can(me, 'clients:read')],
    ['/audit', 'Audit log', can(me, 'audit:read')],
    ['/tokens', 'Tokens', can(me, 'tokens:read')],
  ];
  const current = route.page === 'job' ? '/' : route.page === 'overview' ? '/' : `/${route.page}`;
  return (
    <>
      <header>
        <strong>FL coordinator</strong>
        <nav>
          {nav
            .filter(([, , ok]) => ok)
            .map(([href, label]) => (
              <a href={href} class={current === href ? 'on' : ''} key={href}>
                {label}
              </a>
            ))}
        </nav>
        <span class={`conn c-${live.connection}`} data-connection={live.connection} title={live.connectionError ?? ''}>
          {CONNECTION_TEXT[live.connection]}
        </span>
        <span class="who" data-role={me.role}>
          {me.name} ({me.role})
        </span>
        <button type="button" onClick={onLogout}>
          Log out
        </button>
      </header>
      {live.connectionError && live.connection !== 'live' && (
        <p class={live.connection === 'refused' ? 'error banner' : 'warn banner'} role="status">
          {live.connectionError}
        </p>
      )}
      <main>{page(route, live, dispatch, me)}</main>
    </>
  );
}

function page(route: Route, live: LiveState, dispatch: Dispatch, me: WhoAmI) {
  switch (route.page) {
    case 'overview':
      return <Overview live={live} me={me} />;
    case 'job':
      return <Job id={route.id} live={live} dispatch={dispatch} me={me} />;
    case 'models':
      return <Models live={live} me={me} />;
    case 'clients':
      return <Clients live={live} me={me} />;
    case 'audit':
      return can(me, 'audit:read') ? <Audit /> : <NotAllowed what="the audit log" />;
    case 'tokens':
      return can(me, 'tokens:read') ? <Tokens /> : <NotAllowed what="API tokens" />;
    case 'missing':
      return (
        <p class="error">
          No page at {route.path}. <a href="/">Back to the overview</a>.
        </p>
      );
  }
}

function NotAllowed({ what }: { what: string }) {
  return <p class="error">Your role may not see {what}.</p>;
}
