import { PendingWrites, type PendingHistoryWrite } from './pending-writes.js';

const write = (message: string): PendingHistoryWrite => ({
  room: 'r',
  message,
  limit: 10,
});

describe('PendingWrites (what a Redis outage queues)', () => {
  it('keeps at most `max` writes, dropping the oldest', () => {
    const pending = new PendingWrites(3);
    for (const message of ['1', '2', '3', '4', '5'])
      pending.add(write(message));
    expect(pending.size).toBe(3);
  });

  it('drains in order, writes added meanwhile included, then the count', async () => {
    const pending = new PendingWrites(10);
    pending.add(write('1'));
    pending.add(write('2'));
    pending.messageCount = 2;
    const written: string[] = [];
    let counted = 0;
    await pending.drain(
      async ({ message }) => {
        written.push(message);
        // A message accepted while the queue drains queues behind it.
        if (message === '1') {
          expect(pending.busy).toBe(true);
          pending.add(write('3'));
        }
      },
      async (count) => {
        counted = count;
      },
    );
    expect(written).toEqual(['1', '2', '3']);
    expect(counted).toBe(2);
    expect(pending.busy).toBe(false);
  });

  it('keeps what it could not write for the next drain', async () => {
    const pending = new PendingWrites(10);
    pending.add(write('1'));
    await expect(
      pending.drain(
        () => Promise.reject(new Error('gone again')),
        async () => undefined,
      ),
    ).rejects.toThrow('gone again');
    expect(pending.size).toBe(1);
  });
});
