// The baseline: a plain Socket.IO 4.8 server with the chat contract's events
// and rules and an in-memory Map, written as a good Socket.IO developer
// would, with no Nest. Used only by `npm run bench`.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const ROOM = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const MAX_TEXT = 2000;
const HISTORY = 100;
const MAX_ROOMS = 50;

const isObject = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (ack, code, message) =>
  typeof ack === 'function' && ack({ ok: false, error: { code, message } });
const textOf = (p) =>
  isObject(p) && typeof p.text === 'string' ? p.text.trim() : null;
const newMessage = (from, room, text) => ({
  id: randomUUID(),
  room,
  from,
  text,
  at: Date.now(),
});
const validText = (t) => t !== null && t.length >= 1 && t.length <= MAX_TEXT;

/** room → { members: Map<socketId, member>, history: Message[], seq, reads?: Map<userId, seq> } */
const rooms = new Map();

const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, {
    'Content-Type': 'application/json',
  });
  res.end('{"status":"ok"}');
});
// The contract keeps connection state recovery on (Socket.IO's default
// 2-minute window), so the baseline does too; BASELINE_RECOVERY=0 measures
// what it costs.
// BASELINE_REDIS_URL: several baseline processes share rooms through the
// Redis streams adapter (the multi-process scenario, `--instances=N`); each
// keeps its own members and history, as a plain Socket.IO app would.
const redisUrl = process.env.BASELINE_REDIS_URL;
const io = new Server(http, {
  maxHttpBufferSize: 1e5,
  connectionStateRecovery:
    process.env.BASELINE_RECOVERY === '0' ? undefined : {},
  ...(redisUrl
    ? {
        adapter: createAdapter(new Redis(redisUrl), {
          streamName: process.env.BASELINE_STREAM ?? 'socket.io',
        }),
      }
    : {}),
});
const chat = io.of('/chat');

chat.use((socket, next) => {
  const nickname = socket.handshake.auth?.nickname;
  if (nickname === undefined || nickname === null) {
    socket.data.user = {
      userId: socket.id,
      nickname: `guest-${socket.id.slice(0, 4)}`,
    };
    return next();
  }
  const trimmed = typeof nickname === 'string' ? nickname.trim() : '';
  if (trimmed.length < 1 || trimmed.length > 32 || /\p{Cc}/u.test(trimmed))
    return next(new Error('INVALID_HANDSHAKE'));
  socket.data.user = { userId: socket.id, nickname: trimmed };
  next();
});

chat.on('connection', (socket) => {
  const user = socket.data.user;
  // A recovered socket comes back with its rooms: its memberships are restored.
  const joined = new Set(
    [...socket.rooms]
      .filter((r) => r.startsWith('room/'))
      .map((r) => r.slice('room/'.length)),
  );
  for (const room of joined) {
    if (!rooms.has(room)) rooms.set(room, { members: new Map(), history: [] });
    rooms.get(room).members.set(socket.id, user);
  }
  socket.join(`user/${user.userId}`);
  socket.emit('session', { id: socket.id, ...user });

  socket.on('room:join', (p, ack) => {
    if (!isObject(p) || typeof p.room !== 'string' || !ROOM.test(p.room))
      return fail(ack, 'VALIDATION_FAILED', 'room');
    const { room } = p;
    let state = rooms.get(room);
    if (!joined.has(room)) {
      if (joined.size >= MAX_ROOMS)
        return fail(ack, 'ROOM_LIMIT', 'too many rooms');
      if (!state)
        rooms.set(room, (state = { members: new Map(), history: [] }));
      state.members.set(socket.id, user);
      joined.add(room);
      socket.join(`room/${room}`);
      socket.to(`room/${room}`).emit('room:joined', { room, member: user });
    }
    ack?.({
      ok: true,
      data: {
        room,
        members: [...state.members.values()],
        history: state.history,
      },
    });
  });

  socket.on('room:leave', (p, ack) => {
    if (!isObject(p) || typeof p.room !== 'string' || !ROOM.test(p.room))
      return fail(ack, 'VALIDATION_FAILED', 'room');
    if (!joined.has(p.room)) return fail(ack, 'NOT_IN_ROOM', 'not in room');
    leave(p.room);
    ack?.({ ok: true, data: { room: p.room } });
  });

  socket.on('room:list', (_p, ack) => {
    ack?.({
      ok: true,
      data: {
        rooms: [...rooms].map(([room, s]) => ({
          room,
          members: s.members.size,
        })),
      },
    });
  });

  socket.on('message:send', (p, ack) => {
    const text = textOf(p);
    if (
      !isObject(p) ||
      typeof p.room !== 'string' ||
      !ROOM.test(p.room) ||
      !validText(text)
    )
      return fail(ack, 'VALIDATION_FAILED', 'payload');
    if (!joined.has(p.room)) return fail(ack, 'NOT_IN_ROOM', 'not in room');
    const message = newMessage(user, p.room, text);
    const state = rooms.get(p.room);
    message.seq = state.seq = (state.seq ?? 0) + 1;
    const { history } = state;
    history.push(message);
    if (history.length > HISTORY) history.shift();
    chat.to(`room/${p.room}`).emit('message:new', message);
    ack?.({ ok: true, data: { message } });
  });

  socket.on('room:history', (p, ack) => {
    if (!isObject(p) || typeof p.room !== 'string' || !ROOM.test(p.room)) {
      return fail(ack, 'VALIDATION_FAILED', 'room');
    }
    const limit = p.limit ?? HISTORY;
    if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY) {
      return fail(ack, 'VALIDATION_FAILED', 'limit');
    }
    if (!joined.has(p.room)) return fail(ack, 'NOT_IN_ROOM', 'not in room');
    const messages = rooms.get(p.room).history.slice(-limit);
    ack?.({ ok: true, data: { room: p.room, messages } });
  });

  socket.on('message:broadcast', (p, ack) => {
    const text = textOf(p);
    if (
      !validText(text) ||
      (p.includeSelf !== undefined && typeof p.includeSelf !== 'boolean')
    ) {
      return fail(ack, 'VALIDATION_FAILED', 'payload');
    }
    const message = newMessage(user, null, text);
    (p.includeSelf ? chat : socket.broadcast).emit(
      'message:broadcast',
      message,
    );
    ack?.({ ok: true, data: { message } });
  });

  socket.on('message:private', async (p, ack) => {
    const text = textOf(p);
    if (!validText(text) || typeof p.to !== 'string' || p.to === '') {
      return fail(ack, 'VALIDATION_FAILED', 'payload');
    }
    if ((await chat.in(`user/${p.to}`).fetchSockets()).length === 0) {
      return fail(ack, 'NOT_FOUND', 'not connected');
    }
    const message = newMessage(user, null, text);
    chat.to(`user/${p.to}`).emit('message:private', { ...message, to: p.to });
    ack?.({ ok: true, data: { message } });
  });

  /** The room's kept message `id` the caller may change, or a refusal sent. */
  function ownMessage(p, ack) {
    if (!isObject(p) || typeof p.room !== 'string' || typeof p.id !== 'string')
      return fail(ack, 'VALIDATION_FAILED', 'payload');
    if (!joined.has(p.room)) return fail(ack, 'NOT_IN_ROOM', 'not in room');
    const message = rooms.get(p.room).history.find((m) => m.id === p.id);
    if (!message || message.deletedAt !== undefined)
      return fail(ack, 'NOT_FOUND', 'no such message');
    if (message.from.userId !== user.userId)
      return fail(ack, 'FORBIDDEN', 'not yours');
    return message;
  }

  socket.on('message:edit', (p, ack) => {
    const text = textOf(p);
    if (!validText(text)) return fail(ack, 'VALIDATION_FAILED', 'text');
    const message = ownMessage(p, ack);
    if (!message) return;
    message.text = text;
    message.editedAt = Date.now();
    chat.to(`room/${p.room}`).emit('message:updated', message);
    ack?.({ ok: true, data: { message } });
  });

  socket.on('message:delete', (p, ack) => {
    const message = ownMessage(p, ack);
    if (!message) return;
    message.text = '';
    message.deletedAt = Date.now();
    const { room, id, seq } = message;
    chat.to(`room/${room}`).emit('message:deleted', { room, id, seq });
    ack?.({ ok: true, data: { room, id } });
  });

  socket.on('room:read', (p, ack) => {
    if (!isObject(p) || typeof p.room !== 'string' || !Number.isInteger(p.seq))
      return fail(ack, 'VALIDATION_FAILED', 'payload');
    if (!joined.has(p.room)) return fail(ack, 'NOT_IN_ROOM', 'not in room');
    const state = rooms.get(p.room);
    state.reads ??= new Map();
    const before = state.reads.get(user.userId) ?? 0;
    const lastRead = Math.max(before, Math.min(p.seq, state.seq ?? 0));
    if (lastRead !== before) {
      state.reads.set(user.userId, lastRead);
      socket
        .to(`user/${user.userId}`)
        .emit('room:read', { room: p.room, lastRead });
    }
    ack?.({ ok: true, data: { room: p.room, lastRead } });
  });

  socket.on('typing', (p, ack) => {
    if (
      !isObject(p) ||
      typeof p.room !== 'string' ||
      typeof p.typing !== 'boolean'
    )
      return fail(ack, 'VALIDATION_FAILED', 'payload');
    if (!joined.has(p.room)) return fail(ack, 'NOT_IN_ROOM', 'not in room');
    socket
      .to(`room/${p.room}`)
      .emit('typing', { room: p.room, member: user, typing: p.typing });
    ack?.({ ok: true, data: {} });
  });

  function leave(room) {
    const state = rooms.get(room);
    joined.delete(room);
    socket.leave(`room/${room}`);
    state.members.delete(socket.id);
    if (state.members.size === 0) rooms.delete(room);
    else chat.to(`room/${room}`).emit('room:left', { room, member: user });
  }

  socket.on('disconnect', () => {
    for (const room of [...joined]) leave(room);
  });
});

http.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () =>
  console.log('Chat listening (baseline)'),
);
process.on('SIGTERM', () => io.close(() => process.exit(0)));
