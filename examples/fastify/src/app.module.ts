import { Module } from '@nestjs/common';
import { ChatModule } from 'nest-chat-module';

/** A minimal host on Fastify: the chat with its HTTP routes and demo page. */
@Module({
  imports: [
    ChatModule.forRootAsync({
      http: true, // GET /health and /api/rooms (behind the admin token)
      demoPage: true, // GET / and the ./client modules it runs on
      useFactory: () => ({
        adminToken: process.env.ADMIN_TOKEN,
        corsOrigins: ['http://localhost:3000'],
      }),
    }),
  ],
})
export class AppModule {}
