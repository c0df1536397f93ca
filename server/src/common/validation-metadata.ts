import { getMetadataStorage } from 'class-validator';

type Lookup = ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];
type Metadatas = ReturnType<Lookup>;

let remembering = false;

/**
 * class-validator looks up a DTO's constraints on every validation by scanning every class that
 * has any (`instanceof` against each, for inherited ones), the largest part of validating a
 * small DTO. The answer changes only when a constraint is declared, which happens as classes
 * load: it is remembered per class and options until then. Every DTO is still validated as
 * before, with the same constraints.
 */
export function rememberValidationMetadata(): void {
  if (remembering) return;
  remembering = true;
  const storage = getMetadataStorage();
  const lookUp: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const declare = storage.addValidationMetadata.bind(storage);
  let known = new WeakMap<object, Map<string, Metadatas>>();
  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap();
    declare(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = JSON.stringify([schema, always, strictGroups, groups]);
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map()));
    let metadatas = byOptions.get(key);
    if (!metadatas) {
      metadatas = lookUp(target, schema, always, strictGroups, groups);
      byOptions.set(key, metadatas);
    }
    return metadatas;
  };
}
