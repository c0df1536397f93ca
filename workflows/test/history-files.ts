/**
 * Temporal histories as files, for the replay test (`workflows/temporal/replay.spec.ts`) and
 * their recorder (`test/record-histories.ts`). The SDK's JSON form (`historyToJSON`,
 * `historyFromJSON`) fails with the protobufjs copies installed beside each other here ("type
 * must be a Type"), so a file holds protobufjs's object form of the history instead: the same
 * field names, enums by name, 64-bit numbers and bytes (payloads) as strings.
 */
import { temporal } from '@temporalio/proto';

const { History } = temporal.api.history.v1;

export function historyToFile(history: temporal.api.history.v1.IHistory): string {
  const object = History.toObject(History.fromObject(history), {
    enums: String,
    longs: String,
    bytes: String,
  });
  return `${JSON.stringify(object, null, 2)}\n`;
}

export function historyFromFile(text: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(text));
}
