interface Pending<I, O> {
  item: I;
  resolve: (result: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups concurrent writes: the first write goes at once (in the same
 * tick's batch); those that arrive while a batch is in flight wait and go
 * together in the next one. Durability then costs one round trip per batch,
 * not per write, without a timer delaying a lone write.
 */
export class WriteBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private flushing = false;

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        queueMicrotask(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((pending) => pending.item));
        batch.forEach((pending, i) => pending.resolve(results[i]));
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.flushing = false;
  }
}
