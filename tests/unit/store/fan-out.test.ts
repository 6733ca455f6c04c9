/** fanOut: one read of the source, every consumer sees every item in order, one item in flight. */
import { describe, expect, it } from 'vitest';
import { fanOut } from '../../../harness/store/fan-out.js';

const counted = (n: number) => {
  const state = { reads: 0, maxAhead: 0 };
  async function* source() {
    for (let i = 0; i < n; i++) {
      state.reads++;
      yield i;
    }
  }
  return { state, source: source() };
};

const collect = async (items: AsyncIterable<number>): Promise<number[]> => {
  const out: number[] = [];
  for await (const x of items) out.push(x);
  return out;
};

describe('fanOut', () => {
  it('reads the source once and hands every item to every consumer, in order', async () => {
    const { state, source } = counted(1000);
    const [a, b, sum] = await fanOut(source, [collect, collect, async (items: AsyncIterable<number>) => {
      let s = 0;
      for await (const x of items) s += x;
      return s;
    }] as const);
    expect(state.reads).toBe(1000);
    expect(a).toEqual([...Array(1000).keys()]);
    expect(b).toEqual(a);
    expect(sum).toBe(499_500);
  });

  it('never reads more than one item ahead of the slowest consumer', async () => {
    const { state, source } = counted(50);
    let seen = 0;
    await fanOut(source, [
      async (items: AsyncIterable<number>) => {
        for await (const _ of items) {
          seen++;
          state.maxAhead = Math.max(state.maxAhead, state.reads - seen);
          await new Promise((r) => setTimeout(r, 1));
        }
      },
      collect,
    ] as const);
    expect(seen).toBe(50);
    expect(state.maxAhead).toBeLessThanOrEqual(1);
  });

  it('a consumer that stops early is skipped; the others get everything', async () => {
    const { source } = counted(10);
    const [firstThree, all] = await fanOut(source, [
      async (items: AsyncIterable<number>) => {
        const out: number[] = [];
        for await (const x of items) {
          out.push(x);
          if (out.length === 3) break;
        }
        return out;
      },
      collect,
    ] as const);
    expect(firstThree).toEqual([0, 1, 2]);
    expect(all).toHaveLength(10);
  });

  it('a failing consumer fails the whole, without blocking the others', async () => {
    const { source } = counted(10);
    await expect(fanOut(source, [async () => Promise.reject(new Error('boom')), collect] as const)).rejects.toThrow('boom');
  });

  it('a source error reaches the consumers', async () => {
    async function* broken() {
      yield 1;
      throw new Error('disque');
    }
    await expect(fanOut(broken(), [collect, collect] as const)).rejects.toThrow('disque');
  });
});
