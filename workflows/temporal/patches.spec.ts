import { CURRENT_PATCH_LEVEL } from './contract';
import { assertKnownPatchLevel } from './patches';

describe('assertKnownPatchLevel', () => {
  it('lets through starts at or below the level this code knows, and starts without a level', () => {
    expect(() => assertKnownPatchLevel({ patchLevel: CURRENT_PATCH_LEVEL })).not.toThrow();
    expect(() => assertKnownPatchLevel({ patchLevel: 0 })).not.toThrow();
    expect(() => assertKnownPatchLevel({})).not.toThrow();
  });

  it('fails the workflow task of a start from newer code, naming both levels', () => {
    expect(() => assertKnownPatchLevel({ patchLevel: CURRENT_PATCH_LEVEL + 1 })).toThrow(
      `started at patch level ${CURRENT_PATCH_LEVEL + 1}, this worker knows up to ${CURRENT_PATCH_LEVEL}`,
    );
  });
});
