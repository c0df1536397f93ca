import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '#server/common/pagination';
import { OptionalNotNull } from '#server/common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** What XML allows as an id (an NCName without the rarer letters), as the process id is. */
const PROCESS_KEY = /^[A-Za-z_][\w.-]*$/;
/** Under the JSON body limit (1 MB by default), with room for the other fields. */
const MAX_XML_CHARS = 900_000;

export class CreateDraftDto {
  @ApiProperty({ example: 'Onboarding with a welcome call', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'onboarding',
    description: 'The process id of the diagram, which it deploys as; null when not chosen yet',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(PROCESS_KEY, { message: 'processKey must be a valid XML id such as onboarding' })
  processKey?: string | null;

  @ApiProperty({ description: 'BPMN 2.0 XML; not compiled, a draft may be unfinished' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_XML_CHARS)
  bpmnXml!: string;
}

/** Any of the fields; `processKey: null` clears the key. */
export class UpdateDraftDto extends PartialType(OmitType(CreateDraftDto, ['name', 'bpmnXml'])) {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'BPMN 2.0 XML' })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_XML_CHARS)
  bpmnXml?: string;
}

export class ListDraftsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only the drafts of this process key' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  processKey?: string;
}
