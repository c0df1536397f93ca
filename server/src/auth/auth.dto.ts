import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'manager@demo.local' })
  @IsEmail()
  email!: string;

  @ApiProperty({ example: 'demo' })
  @IsString()
  @MinLength(1)
  password!: string;
}
