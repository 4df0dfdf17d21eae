import { createPublicKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type {
  ChatAuthenticator,
  ChatJwtOptions,
  TokenVerifier,
  VerifiedToken,
} from '../module/chat-options.interface.js';
import { MAX_TOKEN_BYTES, SYSTEM_MEMBER } from '../module/chat.constants.js';
import { HandshakeError } from '../contract/error-code.enum.js';
import { guestName, HandshakeRefusal, validNickname } from './handshake.js';

/** Clock skew allowed on `exp` and `nbf`. */
const LEEWAY_SECONDS = 5;
/** An HMAC key shorter than SHA-256's output is refused at start. */
const MIN_SECRET_BYTES = 32;

type Algorithm = 'HS256' | 'RS256' | 'ES256';

/**
 * Signed tokens (JWS compact, verified by `jose`): the algorithm pinned to
 * the configured key's (HS256 for a secret, RS256 or ES256 for a public
 * key), `exp` and `nbf` enforced with 5 s of leeway, `iss` and `aud` when
 * configured, `sub` (1–128 characters, not `system`) as the user id. Any
 * other token is `UNAUTHORIZED`.
 */
export class SignedTokens implements TokenVerifier {
  private constructor(
    private readonly key: KeyObject | Uint8Array,
    private readonly algorithm: Algorithm,
    private readonly issuer: string | undefined,
    private readonly audience: string | undefined,
  ) {}

  /** Checks the configuration at start; throws naming the option. */
  static from(options: ChatJwtOptions): SignedTokens {
    const { secret, publicKey, issuer, audience } = options;
    if ((secret === undefined) === (publicKey === undefined)) {
      throw new Error(
        'ChatModule option jwt needs exactly one of secret and publicKey',
      );
    }
    if (secret !== undefined) {
      const key = new TextEncoder().encode(secret);
      if (key.length < MIN_SECRET_BYTES) {
        throw new Error(
          `ChatModule option jwt.secret must be at least ${MIN_SECRET_BYTES} bytes (HS256)`,
        );
      }
      return new SignedTokens(key, 'HS256', issuer, audience);
    }
    let key: KeyObject;
    try {
      key = createPublicKey(publicKey!);
    } catch {
      throw new Error(
        'ChatModule option jwt.publicKey is not a PEM public key',
      );
    }
    const algorithm = algorithmOf(key);
    return new SignedTokens(key, algorithm, issuer, audience);
  }

  /** The token's user and expiry; `null` for any token it does not take. */
  async verify(token: unknown): Promise<VerifiedToken | null> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_BYTES) {
      return null;
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [this.algorithm],
        issuer: this.issuer,
        audience: this.audience,
        clockTolerance: LEEWAY_SECONDS,
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
    const { sub, exp, name } = payload;
    if (
      typeof sub !== 'string' ||
      sub.length < 1 ||
      sub.length > 128 ||
      sub === SYSTEM_MEMBER.userId
    ) {
      return null;
    }
    const expiry = typeof exp === 'number' ? exp : null;
    return {
      userId: sub,
      name: validNickname(name),
      exp: expiry,
      // Accepted within the leeway, so it also lives until the leeway ends.
      expiresAt: expiry === null ? undefined : (expiry + LEEWAY_SECONDS) * 1000,
    };
  }

  /** The handshake's `auth.token` as the user; `name`, else `auth.nickname`, else a guest name. */
  readonly authenticate: ChatAuthenticator = async ({ auth }) => {
    const given = (auth ?? {}) as { token?: unknown; nickname?: unknown };
    const verified = await this.verify(given.token);
    if (!verified) throw new HandshakeRefusal(HandshakeError.Unauthorized);
    const { userId, name, expiresAt } = verified;
    return {
      userId,
      nickname: name ?? validNickname(given.nickname) ?? guestName(),
      expiresAt,
    };
  };
}

function algorithmOf(key: KeyObject): Algorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (
    key.asymmetricKeyType === 'ec' &&
    key.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  ) {
    return 'ES256';
  }
  throw new Error(
    'ChatModule option jwt.publicKey must be an RSA (RS256) or P-256 (ES256) key',
  );
}
