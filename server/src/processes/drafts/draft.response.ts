import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '#server/common/api-responses';
import { DraftSummary } from './drafts.service';
import { ProcessDraft } from './process-draft.entity';

export class DraftSummaryResponse implements DraftSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  processKey!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdById!: string | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  updatedById!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The name of who saved it last' })
  updatedByName!: string | null;

  @ApiProperty()
  updatedAt!: Date;
}

export class DraftResponse extends DraftSummaryResponse implements ProcessDraft {
  @ApiProperty({ description: 'BPMN 2.0 XML as last saved' })
  bpmnXml!: string;
}

export class DraftPage extends PageOf(DraftSummaryResponse) {}
