/**
 * @module simulation/client-data-spec
 * The `--data` template of `simulate` and the data spec of each virtual
 * client: the template is an ordinary data spec (`@fl/trainer-tfjs/node`
 * parseDataSpec, the edge client's `--data`) whose client index is the letter
 * `i`, in `shard=i/n` (shard i of an n-way IID or Dirichlet split) or in
 * `party=i` (party i of a partition document). Virtual client k gets the
 * template with `i` replaced by k, so it holds exactly the data a real
 * `fl-client --data "…shard=k/n…"` would (docs/simulation.md).
 */
const SHARD = /(^|[?&])shard=i\//;
const PARTY = /(^|[?&])party=i(?=&|$)/;

/**
 * Why `template` cannot be a simulation's data template (null when it can):
 * it must name the client index `i` once, in `shard=i/n` or `party=i`.
 */
export function templateProblem(template: string): string | null {
  const q = template.indexOf('?');
  const query = q < 0 ? '' : template.slice(q);
  const uses = Number(SHARD.test(query)) + Number(PARTY.test(query));
  if (uses === 1) return null;
  if (uses === 0) return 'must give each virtual client its own data: shard=i/N (e.g. "mnist?shard=i/200&alpha=0.5") or partition=FILE&party=i, where i stands for the client index';
  return 'give shard=i/N or party=i, not both';
}

/** The data spec of virtual client `index` (0-based): the template with its `i` replaced. */
export function clientDataSpec(template: string, index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`client index must be a non-negative integer (got ${index})`);
  const q = template.indexOf('?');
  if (q < 0) return template;
  const query = template.slice(q).replace(SHARD, `$1shard=${index}/`).replace(PARTY, `$1party=${index}`);
  return template.slice(0, q) + query;
}
