import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { FLOWCARD_CONFIG, FlowcardConfig } from '../common/config';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [FLOWCARD_CONFIG],
      useFactory: (config: FlowcardConfig) => ({
        // A key object, not the string: given a string, jsonwebtoken first tries it as a public
        // key and fails, which costs about 0.5 ms of CPU on every request (docs/performance.md).
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { expiresIn: config.jwtExpiresIn as `${number}h` },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
  exports: [AuthGuard],
})
export class AuthModule {}
