import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { SESSION_SECRET, SessionTokens } from './session-tokens.js';

@Module({
  imports: [ConfigModule],
  providers: [
    {
      provide: SESSION_SECRET,
      useFactory: (config: ConfigService) =>
        config.get<string>('SESSION_SECRET', 'change-me'),
      inject: [ConfigService],
    },
    SessionTokens,
  ],
  exports: [SessionTokens],
})
export class AuthModule {}
