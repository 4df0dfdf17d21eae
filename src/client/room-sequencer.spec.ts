import type { Message } from '../chat/contract/events.js';
import { RoomSequencer } from './room-sequencer.js';

const message = (seq: number, room = 'r'): Message => ({
  id: `m${seq}`,
  room,
  from: { userId: 'u', nickname: 'n' },
  text: `t${seq}`,
  at: 0,
  seq,
});

/** A room's history as the server keeps it: seqs `from`..`to`, pages of 2. */
function history(from: number, to: number) {
  const asked: number[] = [];
  const fetch = async (_room: string, after: number) => {
    asked.push(after);
    const seqs = [];
    for (
      let seq = Math.max(from, after + 1);
      seq <= to && seqs.length < 2;
      seq++
    )
      seqs.push(seq);
    return {
      messages: seqs.map((seq) => message(seq)),
      hasMore: (seqs.at(-1) ?? to) < to,
    };
  };
  return { fetch, asked };
}

function sequencerOver(fetch: ReturnType<typeof history>['fetch']) {
  const out: number[] = [];
  const gaps: [number, number][] = [];
  const sequencer = new RoomSequencer(fetch, {
    message: (m) => out.push(m.seq ?? -1),
    gap: (_room, from, to) => gaps.push([from, to]),
  });
  return { sequencer, out, gaps };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RoomSequencer', () => {
  it('hands on live messages in order and drops repeats', () => {
    const { sequencer, out } = sequencerOver(history(1, 0).fetch);
    sequencer.follow('r', 0);
    for (const seq of [1, 2, 2, 1, 3]) sequencer.live(message(seq));
    expect(out).toEqual([1, 2, 3]);
  });

  it('fills a jump from the history, page by page, then goes on with what waited', async () => {
    const { fetch, asked } = history(1, 6);
    const { sequencer, out, gaps } = sequencerOver(fetch);
    sequencer.follow('r', 1);
    sequencer.live(message(6));
    sequencer.live(message(7));
    await settled();
    expect(out).toEqual([2, 3, 4, 5, 6, 7]);
    expect(asked).toEqual([1, 3]);
    expect(gaps).toEqual([]);
  });

  it('reports what the history no longer has as a gap, once, and skips it', async () => {
    const { sequencer, out, gaps } = sequencerOver(history(5, 6).fetch);
    sequencer.follow('r', 1);
    sequencer.live(message(6));
    await settled();
    expect(out).toEqual([5, 6]);
    expect(gaps).toEqual([[2, 4]]);
  });

  it('resumes from a rejoin’s history and pages on while it is not complete', async () => {
    const { fetch } = history(1, 5);
    const { sequencer, out } = sequencerOver(fetch);
    sequencer.follow('r', 1);
    const resuming = sequencer.resume('r', [message(2), message(3)], false);
    sequencer.live(message(6));
    await resuming;
    expect(out).toEqual([2, 3, 4, 5, 6]);
  });

  it('passes on messages of rooms it does not follow, and those without seq', () => {
    const { sequencer, out } = sequencerOver(history(1, 0).fetch);
    sequencer.live(message(9, 'other'));
    sequencer.live({ ...message(1), seq: undefined });
    expect(out).toEqual([9, -1]);
  });
});
