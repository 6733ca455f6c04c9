/** Runs `worker` over every item of an iterator with at most `concurrency` in flight. */
export const runPool = async <T>(
  items: Iterator<T>,
  concurrency: number,
  worker: (item: T) => Promise<void>,
  shouldStop: () => boolean,
): Promise<void> => {
  const next = (): IteratorResult<T> => (shouldStop() ? { done: true, value: undefined } : items.next());
  const lane = async (): Promise<void> => {
    for (let item = next(); !item.done; item = next()) await worker(item.value);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
};
