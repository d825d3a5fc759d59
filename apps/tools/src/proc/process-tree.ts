/**
 * @module proc/process-tree
 * A process and its descendants, read from /proc (Linux): the pids in
 * breadth-first order, each with its parent and command line.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeProcess {
  pid: number;
  ppid: number;
  cmdline: string;
}

/** `root` and every process below it (empty when /proc is unreadable or root is gone). */
export function processTree(root: number): TreeProcess[] {
  const parent = new Map<number, number>();
  for (const name of list('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const m = /\) \S (\d+)/.exec(read(`/proc/${pid}/stat`) ?? '');
    if (m) parent.set(pid, Number(m[1]));
  }
  if (!parent.has(root)) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  return tree.map((pid) => ({ pid, ppid: parent.get(pid)!, cmdline: (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim() }));
}

export function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function list(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
