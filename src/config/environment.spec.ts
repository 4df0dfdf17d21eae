import { validateEnvironment } from './environment.js';
import { chatOptionsFrom } from './chat-environment.js';

describe('validateEnvironment', () => {
  it('applies the contract defaults', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      CHAT_PATH: '/socket.io',
      CHAT_CORS_ORIGINS: 'http://localhost:3000',
      CHAT_HISTORY_LIMIT: 100,
      CHAT_MAX_TEXT: 2000,
      CHAT_RATE_LIMIT: 20,
      CHAT_RECOVERY_WINDOW_MS: 120_000,
    });
  });

  it('reads the webhook variables; a bad secret is refused in one line naming it, never printing it', () => {
    const secret = 'whsec_' + Buffer.from('key').toString('base64');
    expect(
      chatOptionsFrom(
        validateEnvironment({
          CHAT_WEBHOOK_URL: 'https://hooks.example/chat',
          CHAT_WEBHOOK_SECRET: secret,
        }),
      ).webhook,
    ).toEqual({ url: 'https://hooks.example/chat', secret });
    const refusal = (env: Record<string, string>) => {
      try {
        validateEnvironment(env);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    const bad = refusal({
      CHAT_WEBHOOK_URL: 'https://hooks.example/chat',
      CHAT_WEBHOOK_SECRET: 'whsec_not-base64!',
    });
    expect(bad).toContain(
      'CHAT_WEBHOOK_SECRET: CHAT_WEBHOOK_SECRET must be base64 after "whsec_"',
    );
    expect(bad).not.toContain('not-base64');
    expect(
      refusal({ CHAT_WEBHOOK_URL: 'https://hooks.example/chat' }),
    ).toContain('CHAT_WEBHOOK_SECRET is required with CHAT_WEBHOOK_URL');
    expect(
      refusal({ CHAT_WEBHOOK_URL: 'ftp://x', CHAT_WEBHOOK_SECRET: 'k' }),
    ).toContain('CHAT_WEBHOOK_URL must be an http:// or https:// URL');
  });

  it('reads numbers and lists', () => {
    const env = validateEnvironment({
      PORT: '4000',
      CHAT_CORS_ORIGINS: 'http://a.test, http://b.test',
      CHAT_RATE_LIMIT: '0',
    });
    expect(env.PORT).toBe(4000);
    expect(chatOptionsFrom(env)).toMatchObject({
      corsOrigins: ['http://a.test', 'http://b.test'],
      rateLimit: 0,
    });
  });

  it('reads the per-client limits; an empty exempt list exempts nobody', () => {
    const options = chatOptionsFrom(
      validateEnvironment({
        CHAT_EVENT_RATE_LIMIT: '0',
        CHAT_MAX_CONNECTIONS_PER_ADDRESS: '20',
        CHAT_CONNECTION_LIMIT_EXEMPT: '',
        CHAT_TRUST_PROXY: '1',
        REDIS_URL: 'redis://127.0.0.1:6379',
        CHAT_REDIS_PREFIX: 'team-chat:',
      }),
    );
    expect(options).toMatchObject({
      eventRateLimit: 0,
      maxConnectionsPerAddress: 20,
      connectionLimitExempt: [],
      trustProxy: 1,
      redis: { keyPrefix: 'team-chat:' },
    });
    expect(
      chatOptionsFrom(validateEnvironment({})).connectionLimitExempt,
    ).toEqual(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
  });

  it.each([
    ['CHAT_MAX_BUFFERED_BYTES', '10'],
    ['CHAT_TRUST_PROXY', 'yes'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['CHAT_PATH', 'no-slash'],
    ['CHAT_HISTORY_LIMIT', '0'],
    ['CHAT_MAX_TEXT', '1.5'],
    ['CHAT_RATE_LIMIT', '-1'],
  ])('refuses %s=%s with a clear message', (name, value) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(
      new RegExp(`Invalid environment:[\\s\\S]*${name}=`),
    );
  });

  it('says only the first failing rule of a variable', () => {
    expect(() => validateEnvironment({ PORT: 'abc' })).toThrow(
      /^Invalid environment:\n {2}PORT="abc": PORT must be an integer number$/,
    );
  });

  it.each([
    'http://a.com/',
    'http://a.com/chat',
    'a.com',
    'http://a.com,https://b.com/x',
    'https://b.com:443',
  ])('refuses CHAT_CORS_ORIGINS=%s: not an origin a browser sends', (value) => {
    expect(() => validateEnvironment({ CHAT_CORS_ORIGINS: value })).toThrow(
      /^Invalid environment:\n {2}CHAT_CORS_ORIGINS=".*": CORS origins: .* not an origin.*$/,
    );
  });

  it('takes origins with a port, and * alone', () => {
    for (const value of [
      'http://localhost:3000,https://app.example.com',
      '*',
    ]) {
      expect(validateEnvironment({ CHAT_CORS_ORIGINS: value })).toBeDefined();
    }
  });
});

describe('CHAT_ADMIN_UI', () => {
  it('needs a bcrypt password hash when on', () => {
    expect(() => validateEnvironment({ CHAT_ADMIN_UI: '1' })).toThrow(
      /CHAT_ADMIN_UI_PASSWORD_HASH/,
    );
    const hash = `$2a$10$${'a'.repeat(53)}`;
    const env = validateEnvironment({
      CHAT_ADMIN_UI: '1',
      CHAT_ADMIN_UI_PASSWORD_HASH: hash,
    });
    expect(chatOptionsFrom(env).adminUi).toEqual({
      username: 'admin',
      passwordHash: hash,
    });
  });

  it('is off by default', () => {
    expect(chatOptionsFrom(validateEnvironment({})).adminUi).toBeUndefined();
  });
});
