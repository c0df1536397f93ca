/**
 * JSON bodies are bounded before anything else looks at them: the parser stops reading at
 * `maxBytes` (413) and a scan of the raw bytes refuses nesting deeper than `maxDepth` (400) before
 * JSON.parse, class-transformer or a validator recurses into it. Both run as the body parser,
 * which Express runs before any guard, so an unauthenticated caller cannot make the server read
 * or parse more than this.
 */
import { json, RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import { commonError } from './errors/common.errors';

export interface JsonBodyLimits {
  /** As the body parser takes it: `1mb`, `300kb` or a number of bytes. */
  maxBytes: string;
  /** Levels of objects and arrays. */
  maxDepth: number;
}

export function jsonBodyLimits(env: NodeJS.ProcessEnv = process.env): JsonBodyLimits {
  return {
    maxBytes: env.FLOWCARD_JSON_BODY_LIMIT ?? '1mb',
    maxDepth: Number(env.FLOWCARD_JSON_MAX_DEPTH ?? 64),
  };
}

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether the JSON text nests objects and arrays deeper than `maxDepth`; one pass, no parsing. */
export function jsonNestsDeeperThan(body: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < body.length; index += 1) {
    const byte = body[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * The JSON body parser with both limits. It keeps the exact bytes as `rawBody` (the inbound hooks
 * verify their signature over them), as Nest's `rawBody` option would.
 */
export function jsonBodyParser(limits: JsonBodyLimits): RequestHandler {
  return json({
    limit: limits.maxBytes,
    verify: (request: IncomingMessage & { rawBody?: Buffer }, _response, body: Buffer) => {
      request.rawBody = body;
      if (jsonNestsDeeperThan(body, limits.maxDepth)) {
        throw commonError(
          'JSON_TOO_DEEP',
          `The JSON body nests objects and arrays deeper than ${limits.maxDepth} levels`,
        );
      }
    },
  });
}
