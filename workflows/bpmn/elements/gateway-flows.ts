import type { SequenceFlow } from '../../engine/model';
import type { Issues } from '../issues';

/**
 * The outgoing flows of a gateway that chooses between them: the default flow leaves it and
 * has no condition; when there are several, each other flow has a condition.
 */
export function checkChoosingGatewayFlows(
  gateway: { id: string; outgoing: string[]; defaultFlowId: string | null },
  flows: Record<string, SequenceFlow>,
  issues: Issues,
): void {
  const { defaultFlowId } = gateway;
  if (defaultFlowId !== null && !gateway.outgoing.includes(defaultFlowId)) {
    issues.error(gateway.id, `the default flow "${defaultFlowId}" does not leave this gateway`);
  }
  if (defaultFlowId !== null && flows[defaultFlowId]?.condition) {
    issues.error(defaultFlowId, 'the default flow cannot have a condition');
  }
  if (gateway.outgoing.length < 2) return;
  const unguarded = gateway.outgoing.filter(
    (flowId) => flowId !== defaultFlowId && flows[flowId].condition === null,
  );
  if (unguarded.length > 0) {
    issues.error(
      gateway.id,
      `outgoing flows need a condition or to be the default flow: ${unguarded.join(', ')}`,
    );
  }
}
