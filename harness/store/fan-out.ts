/**
 * One pass over a stream, many readers: every item read from `source` is handed to each consumer
 * in turn, and the next one is read only once every consumer has taken it. Memory stays at one
 * item whatever the stream's length, and each consumer keeps its plain `for await` code. A
 * consumer that stops early (break, return) is skipped from then on; an error of the source
 * reaches every consumer still reading; the first consumer error is rethrown once all have ended.
 */

type Channel<T> = {
  /** Resolves once the consumer has taken `value` (or has stopped reading). */
  push(value: T): Promise<void>;
  end(error?: { cause: unknown }): void;
  close(): void;
  iterable: AsyncIterable<T>;
};

const channel = <T>(): Channel<T> => {
  let offered: { value: T; taken: () => void } | null = null;
  let reader: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  let ended: { error?: { cause: unknown } } | null = null;
  let closed = false;
  const close = (): void => {
    closed = true;
    offered?.taken();
    offered = null;
  };
  const iterator: AsyncIterator<T> = {
    next: () =>
      new Promise<IteratorResult<T>>((resolve, reject) => {
        if (offered) {
          const { value, taken } = offered;
          offered = null;
          taken();
          resolve({ value, done: false });
        } else if (ended) {
          if (ended.error) reject(ended.error.cause);
          else resolve({ value: undefined, done: true });
        } else reader = { resolve, reject };
      }),
    return: async () => {
      close();
      return { value: undefined, done: true };
    },
  };
  return {
    push: (value) =>
      new Promise<void>((taken) => {
        if (closed) return taken();
        if (reader) {
          const r = reader;
          reader = null;
          r.resolve({ value, done: false });
          taken();
        } else offered = { value, taken };
      }),
    end: (error) => {
      ended = error ? { error } : {};
      const r = reader;
      reader = null;
      if (r) {
        if (error) r.reject(error.cause);
        else r.resolve({ value: undefined, done: true });
      }
    },
    close,
    iterable: { [Symbol.asyncIterator]: () => iterator },
  };
};

/** Consumers of one stream; `fanOut` returns their results in the same order. */
export type Consumer<T, R> = (items: AsyncIterable<T>) => Promise<R>;

export const fanOut = async <T, const C extends readonly Consumer<T, unknown>[]>(
  source: AsyncIterable<T>,
  consumers: C,
): Promise<{ [K in keyof C]: C[K] extends Consumer<T, infer R> ? Awaited<R> : never }> => {
  const channels = consumers.map(() => channel<T>());
  const running = consumers.map((consume, i) => {
    const ch = channels[i]!;
    return Promise.resolve()
      .then(() => consume(ch.iterable))
      .finally(() => ch.close());
  });
  // Failures are collected by Promise.all below; this only keeps an early one from being unhandled.
  for (const p of running) p.catch(() => undefined);
  try {
    for await (const item of source) await Promise.all(channels.map((ch) => ch.push(item)));
    for (const ch of channels) ch.end();
  } catch (cause) {
    for (const ch of channels) ch.end({ cause });
  }
  return (await Promise.all(running)) as never;
};
