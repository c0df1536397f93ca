/**
 * The deploy-time half of "a process step changes the CRM only as the API would": the literal
 * values of a diagram's CRM actions (not FEEL, which is known only when the step runs) go
 * through the same DTO constraints and domain rules as the API's request for the same change,
 * so an unknown stage or a bad amount is refused at deploy, naming the element and its line.
 * What FEEL yields is checked by the same rules in the step's effect handler. A user task's
 * candidate team written by name must exist too, as its effect handler demands.
 */
import { isUUID } from 'class-validator';
import { EntityManager } from 'typeorm';
import { Issues, type CompileIssue } from '#workflows/bpmn/issues';
import type { CrmAction, ExecutableModel, ValueExpression } from '#workflows/engine/model';
import { DomainException } from '#server/common/errors/domain-exception';
import { CreateActivityDto } from '#server/crm/activities/activity.dto';
import { newDealProblems, stageMoveProblems, startingStage } from '#server/crm/deals/deal-rules';
import { Deal } from '#server/crm/deals/deal.entity';
import { PipelineStage } from '#server/crm/deals/pipeline-stage.entity';
import { constraintProblems } from '#server/common/validation';
import { findTeamId } from '#server/teams/team-reference';
import { findActiveUserId } from '#server/users/user-reference';

/**
 * The problems of every CRM action of the model and of its user tasks' candidate teams, each on
 * its element's line.
 */
export async function crmActionProblems(
  manager: EntityManager,
  model: ExecutableModel,
  xml: string,
): Promise<CompileIssue[]> {
  const issues = new Issues(xml);
  for (const node of Object.values(model.nodes)) {
    if (node.kind === 'userTask') {
      const team = literal(node.candidateTeam ?? null);
      if (team !== undefined && !(await findTeamId(manager, team))) {
        issues.error(node.id, `candidateTeam: UNKNOWN_TEAM: there is no team "${team}"`);
      }
    }
    if (node.kind !== 'serviceTask') continue;
    for (const problem of await actionProblems(manager, node.action)) {
      issues.error(node.id, `${node.action.type}: ${problem}`);
    }
  }
  return issues.errors;
}

/** The value written in the diagram, or undefined when absent or FEEL (checked at run time). */
function literal(value: ValueExpression | null): string | undefined {
  return value === null || value.startsWith('=') ? undefined : value;
}

async function actionProblems(manager: EntityManager, action: CrmAction): Promise<string[]> {
  switch (action.type) {
    case 'createDeal':
      return createDealProblems(manager, action);
    case 'setDealStage':
      return setDealStageProblems(manager, literal(action.deal), literal(action.stage));
    case 'addNote':
      return constraintProblems(CreateActivityDto, {
        subject: literal(action.subject),
        body: literal(action.body),
      });
    case 'assignClientOwner':
      return ownerProblems(manager, literal(action.owner), 'UNKNOWN_OWNER');
    default:
      return [];
  }
}

async function createDealProblems(
  manager: EntityManager,
  action: Extract<CrmAction, { type: 'createDeal' }>,
): Promise<string[]> {
  const pipelineId = literal(action.pipeline);
  const stageId = literal(action.stage);
  const problems = newDealProblems({
    title: literal(action.title),
    amount: literal(action.amount),
    currency: literal(action.currency),
    clientId: literal(action.client),
    pipelineId,
    stageId,
  });
  problems.push(...(await ownerProblems(manager, literal(action.owner), 'UNKNOWN_USER')));
  // The place is known at deploy only when neither part of it is FEEL.
  const placeIsLiteral =
    (action.pipeline === null || pipelineId !== undefined) &&
    (action.stage === null || stageId !== undefined);
  const placeIsValid = [pipelineId, stageId].every((id) => id === undefined || isUUID(id));
  if (placeIsLiteral && placeIsValid) {
    problems.push(...(await refusal(() => startingStage(manager, { pipelineId, stageId }))));
  }
  return problems;
}

async function setDealStageProblems(
  manager: EntityManager,
  dealId: string | undefined,
  stageId: string | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  if (dealId !== undefined) {
    if (!isUUID(dealId)) problems.push(`deal must be a deal id (a UUID), got "${dealId}"`);
    else if (!(await manager.existsBy(Deal, { id: dealId }))) {
      problems.push(`NOT_FOUND: there is no deal ${dealId}`);
    }
  }
  if (stageId === undefined) return problems;
  const stageProblems = stageMoveProblems(stageId);
  if (stageProblems.length > 0) return [...problems, ...stageProblems];
  const stage = await manager.findOneBy(PipelineStage, { id: stageId });
  if (!stage) problems.push(`STAGE_NOT_IN_PIPELINE: there is no stage ${stageId}`);
  else if (stage.kind === 'lost') {
    problems.push(
      'LOST_NEEDS_REASON: a deal is lost with a reason, through POST /api/deals/{id}/lose',
    );
  }
  return problems;
}

async function ownerProblems(
  manager: EntityManager,
  owner: string | undefined,
  code: 'UNKNOWN_OWNER' | 'UNKNOWN_USER',
): Promise<string[]> {
  if (owner === undefined || (await findActiveUserId(manager, owner))) return [];
  return [`${code}: there is no active user ${owner}`];
}

/** The domain refusal of a check, as `CODE: message`, or none. */
async function refusal(check: () => Promise<unknown>): Promise<string[]> {
  try {
    await check();
    return [];
  } catch (error) {
    if (error instanceof DomainException) return [`${error.code}: ${error.message}`];
    throw error;
  }
}
