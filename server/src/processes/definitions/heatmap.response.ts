import { ApiProperty } from '@nestjs/swagger';
import type { ElementHeat } from './heatmap.service';

export class ElementHeatResponse implements ElementHeat {
  @ApiProperty()
  elementId!: string;

  @ApiProperty({ description: 'Tokens of the live instances on the element now' })
  waiting!: number;

  @ApiProperty({ description: 'Visits of the element by those instances, ended or not' })
  visits!: number;

  @ApiProperty({
    description: 'Average time of a visit in milliseconds; an open visit counts until now',
  })
  averageMs!: number;
}

/** Where the live (running or in incident) instances of one version stand. */
export class HeatmapResponse {
  @ApiProperty({ format: 'uuid' })
  definitionId!: string;

  @ApiProperty()
  key!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ description: 'Running or in incident, among those the caller may read' })
  liveInstances!: number;

  @ApiProperty({ type: ElementHeatResponse, isArray: true, description: 'Elements ever visited' })
  elements!: ElementHeatResponse[];
}
