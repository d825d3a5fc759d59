import { Coalescer } from './coalescer';

describe(Coalescer.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('sends an isolated request at once, and a burst as one trailing send at the end of the window', () => {
    const c = new Coalescer(200);
    const sent: string[] = [];
    c.request('k', () => sent.push('a'));
    expect(sent).toEqual(['a']);
    c.request('k', () => sent.push('b'));
    c.request('k', () => sent.push('c'));
    c.request('other', () => sent.push('x')); // keys are independent
    expect(sent).toEqual(['a', 'x']);
    jest.advanceTimersByTime(199);
    expect(sent).toEqual(['a', 'x']);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'x', 'c']);
    jest.advanceTimersByTime(1000);
    expect(sent).toEqual(['a', 'x', 'c']);
    c.request('k', () => sent.push('d')); // quiet again: at once
    expect(sent).toEqual(['a', 'x', 'c', 'd']);
    c.close();
  });

  // The dashboard e2e flake: a round commit announces a copy of the job
  // (`{ ...job, ...progress }`, still running), then the job ends on the live
  // record in the same window; the trailing send used to be the window's first
  // request, the copy, so the page never learnt the job had completed.
  it('trails with the newest snapshot, not the window\'s first one', () => {
    const c = new Coalescer(200);
    const live = { status: 'running', completedRounds: 1 };
    const sent: string[] = [];
    const announce = (job: { status: string; completedRounds: number }) => c.request('job:j', () => sent.push(`${job.status}@${job.completedRounds}`));
    announce(live); // round 2 opens: leading edge
    jest.advanceTimersByTime(50);
    announce({ ...live, completedRounds: 2 }); // commitRound's copy
    live.completedRounds = 2;
    live.status = 'completed';
    announce(live); // end()
    jest.advanceTimersByTime(200);
    expect(sent).toEqual(['running@1', 'completed@2']);
    c.close();
  });

  it('close() cancels pending sends', () => {
    const c = new Coalescer(200);
    const sent: number[] = [];
    c.request('k', () => sent.push(1));
    c.request('k', () => sent.push(2));
    c.close();
    jest.advanceTimersByTime(1000);
    expect(sent).toEqual([1]);
  });
});
