import { isAppRoute } from './dashboard-static';

describe('isAppRoute', () => {
  const html = 'text/html,application/xhtml+xml';

  it('answers index.html for client routes of a browser', () => {
    expect(isAppRoute('GET', '/', html)).toBe(true);
    expect(isAppRoute('GET', '/jobs/1234', html)).toBe(true);
    expect(isAppRoute('HEAD', '/clients', html)).toBe(true);
  });

  it('never for the API, socket.io, assets, other methods or non-HTML requests', () => {
    expect(isAppRoute('GET', '/api', html)).toBe(false);
    expect(isAppRoute('GET', '/api/jobs/nope', html)).toBe(false);
    expect(isAppRoute('GET', '/fl/', html)).toBe(false);
    expect(isAppRoute('GET', '/assets/missing.js', html)).toBe(false);
    expect(isAppRoute('POST', '/jobs', html)).toBe(false);
    expect(isAppRoute('GET', '/jobs', 'application/json')).toBe(false);
  });
});
