import { BufferedCounts } from '../../src/services/buffered-counts';

/** A write that records each batch it is given and can be held open. */
function writer() {
  const batches: Array<Record<string, number>> = [];
  let release: (() => void) | undefined;
  const state = { hold: false, running: 0, mostAtOnce: 0 };
  const write = async (counts: ReadonlyMap<string, number>) => {
    state.running++;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    if (state.hold) await new Promise<void>((r) => (release = r));
    state.running--;
    batches.push(Object.fromEntries(counts));
  };
  return { batches, state, write, release: () => release?.() };
}

describe('counts buffered in memory and written once per interval (BufferedCounts)', () => {
  it('sums the counts of each key and hands them over in one batch, then starts afresh', async () => {
    const w = writer();
    const counts = new BufferedCounts(w.write, 60_000);
    counts.add('a');
    counts.add('a');
    counts.add('b', 5);
    await counts.flush();
    counts.add('a');
    await counts.flush();
    expect(w.batches).toEqual([{ a: 2, b: 5 }, { a: 1 }]);
  });

  it('with nothing counted, writes nothing', async () => {
    const w = writer();
    await new BufferedCounts(w.write, 60_000).flush();
    expect(w.batches).toEqual([]);
  });

  it('never runs two writes at once: a flush during a write waits for it, and counts made meanwhile go in the next', async () => {
    const w = writer();
    const counts = new BufferedCounts(w.write, 60_000);
    counts.add('a');
    w.state.hold = true;
    const first = counts.flush();
    await new Promise((r) => setImmediate(r)); // the first write has taken its batch and is running
    counts.add('a');
    const second = counts.flush();
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([]);
    w.state.hold = false;
    w.release();
    await Promise.all([first, second]);
    expect(w.state.mostAtOnce).toBe(1);
    expect(w.batches).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it('writes on its own once per interval, and stop writes the rest', async () => {
    jest.useFakeTimers();
    try {
      const w = writer();
      const counts = new BufferedCounts(w.write, 1000);
      counts.start();
      counts.add('a');
      await jest.advanceTimersByTimeAsync(999);
      expect(w.batches).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(w.batches).toEqual([{ a: 1 }]);
      counts.add('b');
      await counts.stop();
      await jest.advanceTimersByTimeAsync(5000);
      expect(w.batches).toEqual([{ a: 1 }, { b: 1 }]);
    } finally {
      jest.useRealTimers();
    }
  });
});
