/**
 * The fault test's REST client: a request that meets a dead or restarting process (connection
 * refused or reset, no answer in time) or a 503 is sent again until it gets a real answer.
 */

/** A request unanswered this long is given up and sent again (the process may have died). */
const REQUEST_TIMEOUT_MS = 30_000;
const RETRY_PAUSE_MS = 500;
/** Longest pause a `Retry-After` may ask for here. */
const MAX_RETRY_AFTER_MS = 2_000;

export interface Answer {
  status: number;
  // The driver reads a few fields of what the API returns; typing every response adds nothing.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** An answer that says nothing about whether the request took effect. */
export class NoAnswer extends Error {}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts of what the driver met on its way, for the summary. */
export const retries = { noAnswer: 0, busy: 0, serverError: 0 };

export class Rest {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null,
  ) {}

  withToken(token: string): Rest {
    return new Rest(this.baseUrl, token);
  }

  /**
   * One attempt: the answer, or NoAnswer when the connection failed, timed out or the server
   * answered 5xx other than 503 (a process dying under the request).
   */
  async once(method: string, path: string, body?: unknown, contentType = 'application/json') {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    let response: globalThis.Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      retries.noAnswer += 1;
      throw new NoAnswer(`${method} ${path}: ${(error as Error).message}`);
    }
    const text = await response.text().catch(() => null);
    if (text === null) {
      retries.noAnswer += 1;
      throw new NoAnswer(`${method} ${path}: the answer was cut off`);
    }
    if (response.status >= 500 && response.status !== 503) {
      retries.serverError += 1;
      throw new NoAnswer(`${method} ${path}: ${response.status} ${text}`);
    }
    const answer: Answer & { retryAfterMs: number } = {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      retryAfterMs: Number(response.headers.get('retry-after') ?? 1) * 1000,
    };
    return answer;
  }

  /**
   * Sends until a real answer: through NoAnswer when `safeToRepeat` (reads, and writes that are
   * idempotent), and through 503, which the API gives only for what it did not do.
   */
  async send(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; safeToRepeat: boolean },
  ): Promise<Answer> {
    for (;;) {
      try {
        const answer = await this.once(method, path, options.body, options.contentType);
        if (answer.status !== 503) return answer;
        retries.busy += 1;
        await pause(Math.min(answer.retryAfterMs, MAX_RETRY_AFTER_MS));
      } catch (error) {
        if (!(error instanceof NoAnswer) || !options.safeToRepeat) throw error;
        await pause(RETRY_PAUSE_MS);
      }
    }
  }

  get(path: string): Promise<Answer> {
    return this.send('GET', path, { safeToRepeat: true });
  }
}

export function expectStatus(answer: Answer, statuses: number[], what: string): Answer {
  if (!statuses.includes(answer.status)) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer;
}
