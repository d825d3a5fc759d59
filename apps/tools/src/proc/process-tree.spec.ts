import { spawn } from 'node:child_process';
import { processTree } from './process-tree';

describe('processTree (real processes)', () => {
  it('lists a process and its child and grandchild with their command lines', async () => {
    const script = 'require("child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000) // grandchild"], { stdio: "ignore" }); setTimeout(() => {}, 30000)';
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    try {
      let tree: ReturnType<typeof processTree> = [];
      for (let i = 0; i < 50 && tree.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 100));
        tree = processTree(child.pid!);
      }
      expect(tree[0].pid).toBe(child.pid);
      expect(tree).toHaveLength(2);
      expect(tree[1].cmdline).toContain('grandchild');
      expect(tree[1].ppid).toBe(child.pid);
      expect(processTree(process.pid).map((p) => p.pid)).toEqual(expect.arrayContaining([process.pid, child.pid, tree[1].pid]));
    } finally {
      for (const p of processTree(child.pid!).reverse()) process.kill(p.pid, 'SIGKILL');
    }
  });

  it('is empty for a process that does not exist', () => {
    expect(processTree(4_194_000)).toEqual([]);
  });
});
