import type { ExecutableModel } from '#workflows/engine/model';

/** An element a running instance has a token in, read from its instance events. */
export interface OpenElement {
  instanceId: string;
  clientId: string | null;
  /** The version the instance runs. */
  version: number;
  elementId: string;
  /** The element's kind and name in that version's model. */
  kind: string;
  name: string | null;
}

export type ElementChange = 'unchanged' | 'removed' | 'kindChanged';

/** The running instances that wait on one element (of one kind) of the running versions. */
export interface WaitingElement {
  elementId: string;
  elementName: string | null;
  kind: string;
  /** Running instances with a token in it. */
  instances: number;
  /** The versions those instances run. */
  versions: number[];
  /** Its kind in the new diagram; null when the new diagram lacks it. */
  newKind: string | null;
  change: ElementChange;
}

/** A running instance with a token in an element the new diagram lacks or runs as another kind. */
export interface InstanceNeedingMapping {
  instanceId: string;
  clientId: string | null;
  version: number;
  elementIds: string[];
}

export interface ElementsImpact {
  elements: WaitingElement[];
  instancesNeedingMapping: InstanceNeedingMapping[];
}

/**
 * Where the running instances stand against a would-be next version: one entry per element
 * (and kind) they wait on, most instances first, and the instances that could move to the new
 * version only with a mapping for some of their elements.
 */
export function elementsImpact(open: OpenElement[], next: ExecutableModel): ElementsImpact {
  const changeOf = ({ elementId, kind }: OpenElement): ElementChange => {
    const node = next.nodes[elementId];
    if (!node) return 'removed';
    return node.kind === kind ? 'unchanged' : 'kindChanged';
  };
  const elements = new Map<string, WaitingElement & { instanceIds: Set<string> }>();
  const stranded = new Map<string, InstanceNeedingMapping>();
  for (const entry of open) {
    const change = changeOf(entry);
    const elementKey = `${entry.elementId}\u0000${entry.kind}`;
    const element = elements.get(elementKey) ?? {
      elementId: entry.elementId,
      elementName: entry.name,
      kind: entry.kind,
      instances: 0,
      versions: [],
      newKind: next.nodes[entry.elementId]?.kind ?? null,
      change,
      instanceIds: new Set<string>(),
    };
    element.instanceIds.add(entry.instanceId);
    if (!element.versions.includes(entry.version)) element.versions.push(entry.version);
    elements.set(elementKey, element);
    if (change === 'unchanged') continue;
    const instance = stranded.get(entry.instanceId) ?? {
      instanceId: entry.instanceId,
      clientId: entry.clientId,
      version: entry.version,
      elementIds: [],
    };
    if (!instance.elementIds.includes(entry.elementId)) instance.elementIds.push(entry.elementId);
    stranded.set(entry.instanceId, instance);
  }
  return {
    elements: [...elements.values()]
      .map(({ instanceIds, ...element }) => ({
        ...element,
        instances: instanceIds.size,
        versions: element.versions.sort((a, b) => a - b),
      }))
      .sort((a, b) => b.instances - a.instances || a.elementId.localeCompare(b.elementId)),
    instancesNeedingMapping: [...stranded.values()],
  };
}
