/**
 * @module bench/train/torch-runner
 * Runs `apps/tools/bench/train_torch.py` (the same CNN and loop in PyTorch)
 * with the interpreter that has `torch`: `FL_PYTHON`, else Debian's
 * `/usr/bin/python3` (where `apt-get install python3-torch` puts it), else
 * `python3` on the PATH. Returns null with the reason when none can import it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../proc/paths';

export const TORCH_SCRIPT = join(REPO_ROOT, 'apps/tools/bench/train_torch.py');

export interface TorchResult {
  samplesPerSecond: number;
  seconds: number;
  threads: number;
  torch: string;
  parameters: number;
  convMs: { conv1: number; conv2: number };
}

export interface TorchSettings {
  examples: number;
  epochs: number;
  batch: number;
  threads: number;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => resolve({ ok: !err, stdout, stderr: stderr || (err?.message ?? '') }));
  });
}

/** The first interpreter that can `import torch`, or null. */
export async function findTorchPython(): Promise<string | null> {
  const candidates = [process.env.FL_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => !!c && (c.includes('/') ? existsSync(c) : true));
  for (const py of [...new Set(candidates)]) if ((await run(py, ['-c', 'import torch'], 60_000)).ok) return py;
  return null;
}

/** Runs the PyTorch loop; `{ result: null, reason }` when PyTorch is absent or the script fails. */
export async function runTorch(s: TorchSettings): Promise<{ result: TorchResult | null; reason?: string }> {
  const py = await findTorchPython();
  if (!py) return { result: null, reason: 'PyTorch not found (apt-get install python3-torch, or set FL_PYTHON)' };
  const args = [TORCH_SCRIPT, '--examples', String(s.examples), '--epochs', String(s.epochs), '--batch', String(s.batch), '--threads', String(s.threads)];
  const r = await run(py, args, 30 * 60_000);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (!r.ok) return { result: null, reason: `train_torch.py failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  try {
    return { result: JSON.parse(last) as TorchResult };
  } catch {
    return { result: null, reason: `train_torch.py printed no JSON: ${last.slice(0, 200)}` };
  }
}
