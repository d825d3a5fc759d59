/**
 * @module persistence/sql/pglite.worker
 * Entry of the embedded database's worker thread: opens PGlite (Postgres
 * compiled to WebAssembly) in the folder it is sent and runs the queries the
 * {@link PGlitePool} posts, strictly one after another, so the wasm engine
 * never runs on the coordinator's event loop. Runs only as a worker
 * (`node:worker_threads`).
 */
import { parentPort } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { errorToData, type FromPGliteWorker, type ToPGliteWorker } from './pglite-messages';
import { lowerThisThread } from '../../common/thread-priority';

lowerThisThread(); // the event loop's thread keeps the CPU when cores are short

const port = parentPort;
if (!port) throw new Error('pglite.worker must run in a worker thread');

let db: PGlite | null = null;

function send(m: FromPGliteWorker): void {
  port!.postMessage(m);
}

async function handle(m: ToPGliteWorker): Promise<void> {
  try {
    if (m.kind === 'open') {
      const { PGlite } = await import('@electric-sql/pglite');
      db = await PGlite.create(m.dir).catch((e: unknown) => {
        throw new Error(`cannot open the embedded database in ${m.dir}: ${errorToData(e).message}`);
      });
      return send({ kind: 'opened', id: m.id });
    }
    if (!db) throw new Error('the embedded database is not open');
    if (m.kind === 'close') {
      await db.close();
      return send({ kind: 'closed', id: m.id });
    }
    const r = await db.query(m.sql, m.params);
    send({ kind: 'result', id: m.id, rows: r.rows, affectedRows: r.affectedRows });
  } catch (e) {
    send({ kind: 'failed', id: m.id, error: errorToData(e) });
  }
}

// Serial: each message starts once the previous one has been answered.
let chain = Promise.resolve();
port.on('message', (m: ToPGliteWorker) => {
  chain = chain.then(() => handle(m));
});
