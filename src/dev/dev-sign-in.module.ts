import {
  BadRequestException,
  Controller,
  Get,
  Header,
  Inject,
  Logger,
  Module,
  Query,
  type DynamicModule,
} from '@nestjs/common';
import { SignJWT } from 'jose';
import { validNickname } from '../chat/transport/handshake.js';

const DEV_SIGN_IN_SECRET = Symbol('DEV_SIGN_IN_SECRET');
/** A dev token lives this long; the client asks for a new one before it ends. */
const TOKEN_LIFETIME = '15m';
const USER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * `GET /dev/token?user=ann&name=Ann`: a JWT for any user, signed with the
 * chat's own HS256 secret, so the demo page can sign in as anyone. For the
 * dev server only (`CHAT_DEV_SIGN_IN=true`): it lets anyone be anyone.
 */
@Controller('dev')
class DevTokenController {
  constructor(@Inject(DEV_SIGN_IN_SECRET) private readonly secret: Uint8Array) {
    new Logger('DevSignIn').warn(
      'GET /dev/token signs in anyone as anyone (CHAT_DEV_SIGN_IN): for development only',
    );
  }

  @Get('token')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async token(@Query('user') user: unknown, @Query('name') name: unknown) {
    if (typeof user !== 'string' || !USER_ID.test(user) || user === 'system') {
      throw new BadRequestException('user: 1–64 of [A-Za-z0-9_.-]');
    }
    return new SignJWT({ name: validNickname(name) ?? user })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user)
      .setIssuedAt()
      .setExpirationTime(TOKEN_LIFETIME)
      .sign(this.secret);
  }
}

/** The dev server's sign-in for the demo page; never part of a host's app. */
@Module({})
export class DevSignInModule {
  static forRoot(secret: string): DynamicModule {
    return {
      module: DevSignInModule,
      controllers: [DevTokenController],
      providers: [
        {
          provide: DEV_SIGN_IN_SECRET,
          useValue: new TextEncoder().encode(secret),
        },
      ],
    };
  }
}
