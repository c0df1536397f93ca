/**
 * The rules a new deal and a stage move follow wherever they come from: the API's request, a
 * process step's values (checked when the step runs) and the literal values of a diagram's
 * action (checked when it is deployed). One set of rules, so a diagram deploys only with what
 * the API would accept.
 */
import { EntityManager } from 'typeorm';
import { constraintProblems } from '#server/common/validation';
import { CreateDealDto, MoveDealDto } from './deal.dto';
import { dealError } from './deals.errors';
import { Pipeline } from './pipeline.entity';
import { PipelineStage } from './pipeline-stage.entity';

/** The fields of a new deal the DTO checks, as given (amounts as text or numbers). */
export type NewDealValues = Partial<
  Pick<CreateDealDto, 'clientId' | 'title' | 'amount' | 'currency' | 'pipelineId' | 'stageId'>
>;

/** What the API's DTO refuses in these values, one message per problem; absent values pass. */
export function newDealProblems(values: NewDealValues): string[] {
  return constraintProblems(CreateDealDto, values);
}

/** What the API's DTO refuses in a stage move's stage id. */
export function stageMoveProblems(stageId: string): string[] {
  return constraintProblems(MoveDealDto, { stageId });
}

/**
 * The open stage a new deal starts in: the stage named (of the pipeline named, when both are),
 * else the first open stage of the pipeline named, else of the default pipeline. 400
 * `UNKNOWN_PIPELINE`, `STAGE_NOT_IN_PIPELINE` or `STAGE_NOT_OPEN`, 409 `NO_DEFAULT_PIPELINE`.
 */
export async function startingStage(
  manager: EntityManager,
  place: { pipelineId?: string | null; stageId?: string | null },
): Promise<PipelineStage> {
  const { stageId } = place;
  let pipelineId = place.pipelineId;
  if (!pipelineId && stageId) {
    pipelineId = (await manager.findOneBy(PipelineStage, { id: stageId }))?.pipelineId;
  }
  const pipeline = pipelineId
    ? await manager.findOneBy(Pipeline, { id: pipelineId })
    : await manager.findOneBy(Pipeline, { isDefault: true });
  if (!pipeline && !pipelineId) {
    throw dealError('NO_DEFAULT_PIPELINE', 'No pipeline is the default; name one with pipelineId');
  }
  if (!pipeline) throw dealError('UNKNOWN_PIPELINE', `Pipeline ${pipelineId} does not exist`);
  const stages = await manager.find(PipelineStage, {
    where: { pipelineId: pipeline.id },
    order: { position: 'ASC' },
  });
  const stage = stageId
    ? stages.find((candidate) => candidate.id === stageId)
    : stages.find((candidate) => candidate.kind === 'open');
  if (!stage) {
    throw dealError(
      'STAGE_NOT_IN_PIPELINE',
      stageId
        ? `Stage ${stageId} is not a stage of pipeline ${pipeline.id}`
        : `Pipeline ${pipeline.id} has no open stage`,
    );
  }
  if (stage.kind !== 'open') throw dealError('STAGE_NOT_OPEN', 'A deal starts in an open stage');
  return stage;
}
