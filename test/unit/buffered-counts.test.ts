import { BufferedCounts } from '../../src/services/buffered-counts';

/** Counts whose write records each batch it is given and can be held open. */
class RecordedCounts extends BufferedCounts {
  readonly batches: Array<Record<string, number>> = [];
  readonly state = { hold: false, running: 0, mostAtOnce: 0 };
  private released: (() => void) | undefined;

  count(key: string, n?: number): void {
    this.add(key, n);
  }

  release(): void {
    this.released?.();
  }

  protected async write(counts: ReadonlyMap<string, number>): Promise<void> {
    this.state.running++;
    this.state.mostAtOnce = Math.max(this.state.mostAtOnce, this.state.running);
    if (this.state.hold) await new Promise<void>((r) => (this.released = r));
    this.state.running--;
    this.batches.push(Object.fromEntries(counts));
  }
}

describe('counts buffered in memory and written once per interval (BufferedCounts)', () => {
  it('sums the counts of each key and hands them over in one batch, then starts afresh', async () => {
    const counts = new RecordedCounts(60_000);
    counts.count('a');
    counts.count('a');
    counts.count('b', 5);
    await counts.flush();
    counts.count('a');
    await counts.flush();
    expect(counts.batches).toEqual([{ a: 2, b: 5 }, { a: 1 }]);
  });

  it('with nothing counted, writes nothing', async () => {
    const counts = new RecordedCounts(60_000);
    await counts.flush();
    expect(counts.batches).toEqual([]);
  });

  it('never runs two writes at once: a flush during a write waits for it, and counts made meanwhile go in the next', async () => {
    const counts = new RecordedCounts(60_000);
    counts.count('a');
    counts.state.hold = true;
    const first = counts.flush();
    await new Promise((r) => setImmediate(r)); // the first write has taken its batch and is running
    counts.count('a');
    const second = counts.flush();
    await new Promise((r) => setImmediate(r));
    expect(counts.batches).toEqual([]);
    counts.state.hold = false;
    counts.release();
    await Promise.all([first, second]);
    expect(counts.state.mostAtOnce).toBe(1);
    expect(counts.batches).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it('writes on its own once per interval, and stop writes the rest', async () => {
    jest.useFakeTimers();
    try {
      const counts = new RecordedCounts(1000);
      counts.start();
      counts.count('a');
      await jest.advanceTimersByTimeAsync(999);
      expect(counts.batches).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(counts.batches).toEqual([{ a: 1 }]);
      counts.count('b');
      await counts.stop();
      await jest.advanceTimersByTimeAsync(5000);
      expect(counts.batches).toEqual([{ a: 1 }, { b: 1 }]);
    } finally {
      jest.useRealTimers();
    }
  });
});
