import { originAllowed, presentedCredential } from './credential-source';

describe('presentedCredential', () => {
  it('reads a bearer header, a handshake token or the session cookie, in that order', () => {
    expect(presentedCredential({ authorization: 'Bearer abc' })).toEqual({ kind: 'bearer', secret: 'abc' });
    expect(presentedCredential({ authorization: 'Bearer abc', cookie: 'fl_session=x' })).toEqual({ kind: 'bearer', secret: 'abc' });
    expect(presentedCredential({}, 'tok')).toEqual({ kind: 'bearer', secret: 'tok' });
    expect(presentedCredential({ cookie: 'a=1; fl_session=sid' })).toEqual({ kind: 'session', id: 'sid' });
    expect(presentedCredential({})).toEqual({ kind: 'none' });
  });

  it('treats a malformed Authorization header or handshake token as an invalid credential', () => {
    expect(presentedCredential({ authorization: 'Basic abc' })).toEqual({ kind: 'malformed' });
    expect(presentedCredential({ authorization: 'Bearer a b' })).toEqual({ kind: 'malformed' });
    expect(presentedCredential({}, 42)).toEqual({ kind: 'malformed' });
  });
});

describe('originAllowed', () => {
  const own = 'http://127.0.0.1:8080';
  it('accepts the own origin and listed ones, not * nor foreign or missing ones', () => {
    expect(originAllowed({ origin: own }, own, [])).toBe(true);
    expect(originAllowed({ origin: 'https://dash.example' }, own, ['https://dash.example'])).toBe(true);
    expect(originAllowed({ origin: 'https://evil.example' }, own, ['*'])).toBe(false);
    expect(originAllowed({}, own, [])).toBe(false);
    expect(originAllowed({ referer: `${own}/x` }, own, [])).toBe(true);
    expect(originAllowed({ referer: 'not a url' }, own, [])).toBe(false);
  });
});
