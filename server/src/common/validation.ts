import { ValidationPipe } from '@nestjs/common';

/** Every DTO is validated; unknown fields are refused rather than silently dropped. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
});
