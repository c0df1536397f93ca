import { ApiProperty } from '@nestjs/swagger';
import { DefinitionSummary, DeployedDefinition, ListedDefinition } from './definitions.service';
import { ProcessDefinition } from './process-definition.entity';

export class DefinitionSummaryResponse implements DefinitionSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The BPMN process id; versions share it', example: 'onboarding' })
  key!: string;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ description: '1 for the first deploy of a key, then counting up' })
  version!: number;

  @ApiProperty()
  deployedAt!: Date;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  deployedById!: string | null;
}

export class ListedDefinitionResponse
  extends DefinitionSummaryResponse
  implements ListedDefinition
{
  @ApiProperty({ type: String, nullable: true, description: 'The name of who deployed it' })
  deployedByName!: string | null;
}

export class DefinitionResponse extends DefinitionSummaryResponse implements ProcessDefinition {
  @ApiProperty({ description: 'The BPMN 2.0 XML as deployed' })
  bpmnXml!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The executable model the compiler made of the diagram',
  })
  model!: ProcessDefinition['model'];

  @ApiProperty({
    description:
      'SHA-256 of the XML without whitespace between tags; a deploy of the same hash makes no new version',
  })
  contentHash!: string;
}

/** A problem the compiler found, at an element of the diagram when it can tell which. */
export class CompileIssueResponse {
  @ApiProperty({ type: String, nullable: true })
  elementId!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: '1-based line in the XML' })
  line!: number | null;

  @ApiProperty()
  message!: string;
}

export class DeployedDefinitionResponse
  extends DefinitionSummaryResponse
  implements DeployedDefinition
{
  @ApiProperty({
    type: CompileIssueResponse,
    isArray: true,
    description: 'What the compiler ignored or doubts; the diagram was deployed all the same',
  })
  warnings!: CompileIssueResponse[];

  @ApiProperty({
    description:
      'False when the diagram was identical to the latest version of its key: that version is answered (status 200) and no new one made',
  })
  created!: boolean;
}
