import { mediaTypeAllowed } from './content-type.middleware';

describe('mediaTypeAllowed', () => {
  it.each([
    ['POST', '/api/jobs', 'application/json', true],
    ['POST', '/api/jobs', 'application/json; charset=utf-8', true],
    ['POST', '/api/jobs', undefined, true],
    ['GET', '/api/jobs', 'text/plain', true],
    ['POST', '/api/jobs', 'text/plain', false],
    ['DELETE', '/api/tokens/x', 'application/x-www-form-urlencoded', false],
    ['POST', '/api/jobs', 'multipart/form-data; boundary=x', false],
    ['POST', '/api/models/import', 'multipart/form-data; boundary=x', true],
    ['PUT', '/api/models/import', 'multipart/form-data; boundary=x', false],
    ['PATCH', '/api/jobs', 'application/xml', false],
  ])('%s %s with %s → %s', (method, path, ct, ok) => {
    expect(mediaTypeAllowed(method, path, ct)).toBe(ok);
  });
});
