import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describeTree, runWatched } from './idle-watchdog';
import { processTree } from './process-tree';

function sink() {
  const s = new PassThrough();
  let text = '';
  s.on('data', (b: Buffer) => (text += b.toString()));
  return { s, text: () => text };
}

describe('runWatched (real child processes)', () => {
  it('passes a talkative command through with its exit code', async () => {
    const out = sink();
    const r = await runWatched(process.execPath, ['-e', 'let i = 0; const t = setInterval(() => { process.stdout.write("tick " + i + "\\n"); if (++i === 5) { clearInterval(t); process.exit(3); } }, 50)'], { idleMs: 2000, out: out.s, err: sink().s });
    expect(r).toEqual({ code: 3, stalled: false });
    expect(out.text()).toContain('tick 4');
  });

  it('kills a command that goes silent, with its grandchildren, and says what they waited on', async () => {
    const err = sink();
    const started = Date.now();
    // A parent that prints once, then waits on a silent child: both must go.
    const script = 'console.log("up"); require("child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "inherit" }); setTimeout(() => {}, 60000)';
    const r = await runWatched(process.execPath, ['-e', script], { idleMs: 700, out: sink().s, err: err.s });
    expect(r).toEqual({ code: null, stalled: true });
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(err.text()).toMatch(/no output for 1 s/);
    expect(err.text()).toMatch(/threads \(name:state:wait channel\)/);
    // Two node processes were described: the parent and its child.
    expect(err.text().match(/^ {2}pid \d+: /gm)?.length).toBe(2);
    // With gdb installed (Debian's, as on CI machines), the leaf's native stacks: its main thread waits in epoll.
    if (spawnSync('gdb', ['--version']).status === 0) expect(err.text()).toMatch(/native stacks of pid \d+ \(gdb\):\n {4}Thread 1 [^\n]*\n {4}#0 [^\n]*epoll/);
  });

  it('reports a command that cannot start', async () => {
    await expect(runWatched('/nonexistent/command', [], { idleMs: 1000, out: sink().s, err: sink().s })).rejects.toMatchObject({ code: 'SPAWN_FAILED' });
  });

  it('describes this process', () => {
    expect(describeTree(processTree(process.pid))).toContain(`pid ${process.pid}:`);
  });
});
