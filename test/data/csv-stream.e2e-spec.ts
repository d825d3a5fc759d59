/**
 * Streaming a large CSV file keeps memory bounded: a child Node process (the
 * built `@fl/trainer-tfjs` loader, outside Jest's VM context, which makes
 * byte-level parsing of Buffers from the host context several times slower)
 * streams a generated file of ≈ 256 MB from a temporary directory while it
 * samples its own resident set every 20 ms. The set must grow by about the
 * parsed values (4 bytes each, ≈ 45 MB here: 25-digit decimals make the text
 * ≈ 6× its values) plus garbage the collector has not yet returned, and stay
 * well below the file's size (reading the file into one string would take
 * more than the file). Timings are printed.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../edge/support/edge-fixture';

jest.setTimeout(90_000);

const TARGET_BYTES = 256 * 1024 * 1024;
const FEATURES = 8;

function writeFile(file: string): { bytes: number; rows: number } {
  const fd = fs.openSync(file, 'w');
  const header = ['label', ...Array.from({ length: FEATURES }, (_, i) => `"feature ${i}, cm"`)].join(',') + '\r\n';
  let bytes = fs.writeSync(fd, header);
  let rows = 0;
  while (bytes < TARGET_BYTES) {
    const lines: string[] = [];
    for (let k = 0; k < 10_000; k++, rows++) {
      const fields = [String(rows % 10)];
      for (let f = 0; f < FEATURES; f++) fields.push(`${(((rows * 31 + f * 17) % 1000) / 1000).toFixed(3)}12345678901234567891`);
      lines.push(fields.join(','));
    }
    bytes += fs.writeSync(fd, lines.join('\r\n') + '\r\n');
  }
  fs.closeSync(fd);
  return { bytes, rows };
}

const CHILD = `
const { loadCsv } = require(process.argv[1]);
const base = process.memoryUsage().rss;
let peak = base;
const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = Date.now();
loadCsv(process.argv[2], 'large').then((ds) => {
  clearInterval(probe);
  peak = Math.max(peak, process.memoryUsage().rss);
  const last = ds.count - 1;
  console.log(JSON.stringify({ seconds: (Date.now() - t0) / 1000, base, peak, count: ds.count, values: ds.x.byteLength + ds.y.byteLength,
    lastLabel: ds.y[last], lastFeature1: ds.x[last * ${FEATURES} + 1] }));
}, (e) => { console.error(e.message); process.exit(1); });
`;

describe('CSV loader on a large file (streamed)', () => {
  it('streams ≈ 256 MB with its resident set growing by far less than the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-large-'));
    try {
      const file = path.join(dir, 'large.csv');
      const t0 = Date.now();
      const { bytes, rows } = writeFile(file);
      const writeSeconds = (Date.now() - t0) / 1000;
      const loader = path.join(REPO_ROOT, 'libs/trainer-tfjs/dist/node/data/csv.js');
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', CHILD, loader, file], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout))),
      );
      const r = JSON.parse(out.trim()) as { seconds: number; base: number; peak: number; count: number; values: number; lastLabel: number; lastFeature1: number };

      expect(r.count).toBe(rows);
      expect(r.lastLabel).toBe((rows - 1) % 10);
      expect(r.lastFeature1).toBeCloseTo((((rows - 1) * 31 + 17) % 1000) / 1000 + 0.000123456789, 5);
      const growth = r.peak - r.base;
      // Blocks plus the final exact copy (about twice the values), plus parser, stream buffers and uncollected field strings.
      expect(growth).toBeLessThan(2 * r.values + 128 * 1024 * 1024);
      expect(growth).toBeLessThan(bytes * 0.75);
      const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
      process.stdout.write(
        `csv-stream: ${mb(bytes)} MB, ${rows} rows; written in ${writeSeconds.toFixed(1)} s, streamed in ${r.seconds.toFixed(1)} s ` +
          `(${(bytes / 1024 / 1024 / r.seconds).toFixed(1)} MB/s); values ${mb(r.values)} MB, RSS growth ${mb(growth)} MB\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
