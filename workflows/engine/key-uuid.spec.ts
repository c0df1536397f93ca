import { uuidFromKey } from './key-uuid';

describe('uuidFromKey', () => {
  it('answers the same version 8 UUID for the same key, and another for another key', () => {
    const first = uuidFromKey('0b6f1c9e-4a57-4d8e-9a43-2f1f1d3c8b11:7');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFromKey('0b6f1c9e-4a57-4d8e-9a43-2f1f1d3c8b11:7')).toBe(first);
    const others = new Set(
      Array.from({ length: 1000 }, (_, seq) =>
        uuidFromKey(`0b6f1c9e-4a57-4d8e-9a43-2f1f1d3c8b11:${seq}`),
      ),
    );
    expect(others.size).toBe(1000);
  });
});
