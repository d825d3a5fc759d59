/**
 * @module test/coordinator/support/realm-fetch
 * A `fetch` for TF.js's `tf.io.http` inside Jest: Jest runs tests in a vm
 * context, and objects made by Node's own `Response.json()` /
 * `arrayBuffer()` belong to the outer realm, which fails TF.js's
 * `instanceof Array` / `ArrayBuffer` checks. This wrapper re-creates them in
 * the test's realm; the HTTP exchange is unchanged. (Outside Jest the plain
 * `tf.loadLayersModel(url)` is used: see registry.e2e-spec.)
 */
export const realmFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const res = await fetch(input, init);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const copy = () => {
    const ab = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(ab).set(bytes);
    return ab;
  };
  const text = () => Buffer.from(bytes).toString('utf8');
  return {
    ok: res.ok,
    status: res.status,
    statusText: res.statusText,
    url: res.url,
    headers: res.headers,
    json: async () => JSON.parse(text()) as unknown,
    text: async () => text(),
    arrayBuffer: async () => copy(),
  } as unknown as Response;
};
