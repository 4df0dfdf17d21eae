import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createChatClient } from '../src/client/index.js';
import { base64url, SignJWT, type JWTPayload } from 'jose';
import {
  ChatHarness,
  request,
  requestOk,
  until,
  disconnectReason,
} from './support/harness.js';

const SECRET = 'a-signing-secret-of-at-least-32-bytes!';
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A token signed HS256 with the server's secret (or `with`). */
const signed = (
  claims: JWTPayload,
  {
    alg = 'HS256',
    with: signingKey = key,
  }: { alg?: string; with?: KeyObject | Uint8Array } = {},
) => new SignJWT(claims).setProtectedHeader({ alg }).sign(signingKey);

/** An unsigned token (`alg: none`), as an attacker would write it. */
const unsigned = (claims: JWTPayload) =>
  `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(claims))}.`;

describe('signed-in users by JWT (HS256)', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({
      jwt: { secret: SECRET, issuer: 'https://auth.example', audience: 'chat' },
    });
  });
  afterEach(() => chat.close());

  const valid = (claims: JWTPayload = {}) =>
    signed({
      sub: 'u-ann',
      name: 'Ann',
      iss: 'https://auth.example',
      aud: 'chat',
      exp: now() + 600,
      ...claims,
    });

  it('takes sub as the userId and name as the nickname, the same on every socket', async () => {
    const token = await valid();
    const first = await chat.connectWith({ token });
    const second = await chat.connectWith({ token, nickname: 'ignored' });
    expect(first.session).toMatchObject({ userId: 'u-ann', nickname: 'Ann' });
    expect(second.session).toMatchObject({ userId: 'u-ann', nickname: 'Ann' });
    const unnamed = await chat.connectWith({
      token: await valid({ name: ' ' }),
      nickname: 'annie',
    });
    expect(unnamed.session.nickname).toBe('annie');
  });

  it.each([
    ['no token', async () => undefined],
    ['a number', async () => 42],
    ['a malformed token', async () => 'not.a.jwt'],
    [
      'alg: none',
      async () =>
        unsigned({ sub: 'u-ann', iss: 'https://auth.example', aud: 'chat' }),
    ],
    [
      'another key',
      async () =>
        signed(
          { sub: 'u-ann', iss: 'https://auth.example', aud: 'chat' },
          { with: new TextEncoder().encode('x'.repeat(40)) },
        ),
    ],
    [
      'HS512 with the right key',
      async () =>
        signed(
          { sub: 'u-ann', iss: 'https://auth.example', aud: 'chat' },
          { alg: 'HS512' },
        ),
    ],
    ['an expired token', async () => valid({ exp: now() - 60 })],
    ['a token not valid yet', async () => valid({ nbf: now() + 60 })],
    ['no sub', async () => valid({ sub: undefined })],
    [
      'a sub that is not a string',
      async () => valid({ sub: 7 as unknown as string }),
    ],
    ['a sub of 129 characters', async () => valid({ sub: 'u'.repeat(129) })],
    ['the system user', async () => valid({ sub: 'system' })],
    ['another issuer', async () => valid({ iss: 'https://evil.example' })],
    ['another audience', async () => valid({ aud: 'other' })],
    ['a token over 8 kB', async () => valid({ pad: 'x'.repeat(10_000) })],
  ])('refuses %s with UNAUTHORIZED', async (_case, token) => {
    expect(await chat.refusal({ token: await token() })).toBe('UNAUTHORIZED');
  });

  it('allows 5 s of clock skew on exp and nbf', async () => {
    const skewed = await valid({ exp: now() - 2, nbf: now() + 2 });
    expect((await chat.connectWith({ token: skewed })).session.userId).toBe(
      'u-ann',
    );
  });

  it('disconnects the socket at exp (and the 5 s of leeway), unless refreshed for the same sub', async () => {
    const short = await valid({ exp: now() + 1 });
    const { client: kept } = await chat.connectWith({ token: short });
    const { client: dropped } = await chat.connectWith({ token: short });
    const renewed = await requestOk<{ exp: number }>(kept, 'session:refresh', {
      token: await valid({ exp: now() + 600 }),
    });
    expect(renewed.exp).toBeGreaterThan(now() + 500);
    // Someone else's token, or a forged one, changes nothing.
    for (const token of [
      await valid({ sub: 'u-ben', exp: now() + 600 }),
      await signed(
        { sub: 'u-ann', exp: now() + 600 },
        { with: new TextEncoder().encode('y'.repeat(40)) },
      ),
    ]) {
      expect(
        await request(dropped, 'session:refresh', { token }),
      ).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(await disconnectReason(dropped, 9000)).toBe('io server disconnect');
    expect(kept.connected).toBe(true);
    await until(() => chat.localConnections === 1);
  }, 15_000);

  it('refuses a refresh with a payload that is not a token', async () => {
    const { client } = await chat.connectWith({ token: await valid() });
    expect(
      await request(client, 'session:refresh', { token: 'x'.repeat(9000) }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('the client entry with a token', () => {
  let chat: ChatHarness;
  beforeEach(async () => {
    chat = await ChatHarness.start({ jwt: { secret: SECRET } });
  });
  afterEach(() => chat.close());

  it('signs in, refreshes the session before exp, and asks for a token again on reconnect', async () => {
    const issued: number[] = [];
    // The first token lives 3 s; the ones after it, 10 minutes.
    const token = () => {
      issued.push(Date.now());
      return signed({
        sub: 'u-tok',
        exp: now() + (issued.length === 1 ? 3 : 600),
      });
    };
    const client = createChatClient(chat.url, {
      token,
      socket: { transports: ['websocket'], reconnectionDelay: 50 },
    });
    try {
      const joined = await client.join('lobby');
      expect(joined.room).toBe('lobby');
      expect(client.me?.userId).toBe('u-tok');
      // Refreshed before the first token's exp, so the socket outlives it.
      await until(() => issued.length >= 2, 4000);
      const id = client.socket.id;
      await new Promise((resolve) => setTimeout(resolve, 3500));
      expect(client.socket.connected).toBe(true);
      expect(client.socket.id).toBe(id);
      // A dropped connection asks for a token again.
      client.socket.io.engine.close();
      await until(() => issued.length >= 3 && client.socket.connected);
    } finally {
      client.close();
    }
  }, 20_000);

  it('fails its calls with UNAUTHORIZED when the token is refused', async () => {
    const client = createChatClient(chat.url, {
      token: 'not-a-token',
      socket: { transports: ['websocket'] },
    });
    try {
      await expect(client.join('lobby')).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    } finally {
      client.close();
    }
  });
});

describe('signed-in users by JWT (a public key)', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = (k: KeyObject) =>
    k.export({ type: 'spki', format: 'pem' }).toString();
  let chat: ChatHarness | undefined;
  afterEach(() => chat?.close());

  it('verifies RS256 with an RSA key, and refuses an HS256 token keyed with the public key itself', async () => {
    chat = await ChatHarness.start({ jwt: { publicKey: pem(rsa.publicKey) } });
    const token = await signed(
      { sub: 'u-rs' },
      { alg: 'RS256', with: rsa.privateKey },
    );
    expect((await chat.connectWith({ token })).session.userId).toBe('u-rs');
    const confused = await signed(
      { sub: 'u-rs' },
      { with: new TextEncoder().encode(pem(rsa.publicKey)) },
    );
    expect(await chat.refusal({ token: confused })).toBe('UNAUTHORIZED');
  });

  it('verifies ES256 with a P-256 key', async () => {
    chat = await ChatHarness.start({ jwt: { publicKey: pem(ec.publicKey) } });
    const token = await signed(
      { sub: 'u-es' },
      { alg: 'ES256', with: ec.privateKey },
    );
    expect((await chat.connectWith({ token })).session.userId).toBe('u-es');
    const rs = await signed(
      { sub: 'u-es' },
      { alg: 'RS256', with: rsa.privateKey },
    );
    expect(await chat.refusal({ token: rs })).toBe('UNAUTHORIZED');
  });

  it('refuses a bad configuration at start, naming the option', async () => {
    await expect(
      ChatHarness.start({ jwt: { secret: 'short' } }),
    ).rejects.toThrow(/jwt\.secret must be at least 32 bytes/);
    await expect(
      ChatHarness.start({ jwt: { publicKey: 'nope' } }),
    ).rejects.toThrow(/jwt\.publicKey is not a PEM public key/);
    await expect(ChatHarness.start({ jwt: {} })).rejects.toThrow(
      /exactly one of secret and publicKey/,
    );
  });
});

describe('session:refresh without signed tokens', () => {
  it('answers UNAUTHORIZED', async () => {
    const chat = await ChatHarness.start();
    try {
      const { client } = await chat.connect('ann');
      expect(
        await request(client, 'session:refresh', { token: 'a.b.c' }),
      ).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    } finally {
      await chat.close();
    }
  });
});
