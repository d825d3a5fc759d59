import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hotSpots, inclusiveMs } from './cpu-profile';

/** Samples at 1, 3, 6 and 10 ms: a(1 ms), b(2 ms), a(3 ms), (idle)(4 ms). */
function profileDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpu-profile-spec-'));
  const node = (id: number, functionName: string, url = 'file:///x/apps/coordinator/dist/a.js', children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: id }, children });
  // b (in gateway.js) is called by a.
  const profile = { nodes: [node(1, 'a', undefined, [2]), node(2, 'b', 'file:///x/gateway.js'), node(3, '(idle)', '')], startTime: 0, endTime: 10_000, samples: [1, 2, 1, 3], timeDeltas: [1000, 2000, 3000, 4000] };
  writeFileSync(join(dir, 'p.cpuprofile'), JSON.stringify(profile));
  return dir;
}

describe('hotSpots', () => {
  it('weighs every sample equally over the whole profile', () => {
    const h = hotSpots(profileDir());
    expect(h.totalMs).toBeCloseTo(10);
    expect(h.spots.map((s) => [s.fn, s.ms])).toEqual([['a', 5], ['b', 2.5], ['(idle)', 2.5]]); // ties keep the profile's order
    expect(h.spots[0].where).toBe('apps/coordinator/dist/a.js:2');
  });

  it('counts only samples inside the windows, each by its own interval, without idle', () => {
    const h = hotSpots(profileDir(), 15, [{ fromUs: 2000, toUs: 7000 }]);
    expect(h.spots.map((s) => [s.fn, s.ms])).toEqual([['a', 3], ['b', 2]]);
    expect(h.totalMs).toBe(5);
    const two = hotSpots(profileDir(), 15, [{ fromUs: 0, toUs: 2000 }, { fromUs: 9000, toUs: 11_000 }]);
    expect(two.spots.map((s) => [s.fn, s.ms])).toEqual([['a', 1]]);
  });
});

describe('inclusiveMs', () => {
  it('counts the samples in the windows whose stack holds a frame of the given script', () => {
    const dir = profileDir();
    expect(inclusiveMs(dir, [{ fromUs: 0, toUs: 20_000 }], 'gateway.js')).toBe(2);
    // a's own script covers a and b below it, not (idle).
    expect(inclusiveMs(dir, [{ fromUs: 0, toUs: 20_000 }], 'coordinator/dist/a.js')).toBe(6);
    expect(inclusiveMs(dir, [{ fromUs: 4000, toUs: 20_000 }], 'gateway.js')).toBe(0);
  });
});
