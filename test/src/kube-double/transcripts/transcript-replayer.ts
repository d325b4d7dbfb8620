/**
 * Replays recorded transcripts against a running double over real HTTP. Values the double
 * assigns differently (uids, resourceVersions, generated names, continue tokens) are learnt
 * from each answer and substituted into later requests, so that a request that carried the
 * real server's resourceVersion carries the double's one.
 */
import type { Transcript } from './transcript-files.ts';

/** What the double answered to one transcript's request. */
export interface ReplayAnswer {
  status: number;
  /** Response headers, lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text for non-JSON answers, or the list of events for a watch. */
  body: unknown;
  /** For watches: milliseconds after the request at which each event arrived, and when the stream ended. */
  eventTimes?: number[];
  endedAfterMs?: number;
}

/** Changes to a transcript's request before it is sent (documented at the call site). */
export interface RequestOverride {
  query?: Record<string, string>;
  /** Runs while a watch streams (e.g. the writes the recorder made during the watch). */
  during?: () => Promise<void>;
}

/** The recorder's User-Agent: requests made outside the transcripts use it too, so managers match. */
const RECORDER_AGENT = 'transcripts-recorder/1.0 (curl)';

const LEARNT_KEYS = new Set(['uid', 'resourceVersion', 'continue']);

/** Sends transcript requests to a base URL and maps recorded ids to the double's ids. */
export class TranscriptReplayer {
  readonly baseUrl: string;
  /** Recorded value → the double's value (uids, resourceVersions, names, continue tokens). */
  readonly ids = new Map<string, string>();

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** Records correspondences between a recorded body and the double's answer to the same request. */
  learn(recorded: unknown, ours: unknown, key?: string): void {
    if (typeof recorded === 'string' && typeof ours === 'string') {
      if (key && LEARNT_KEYS.has(key) && recorded !== ours) this.ids.set(recorded, ours);
      return;
    }
    if (Array.isArray(recorded) && Array.isArray(ours)) {
      recorded.forEach((r, i) => this.learn(r, ours[i]));
      return;
    }
    if (recorded && ours && typeof recorded === 'object' && typeof ours === 'object') {
      const r = recorded as Record<string, unknown>;
      const o = ours as Record<string, unknown>;
      if (
        typeof r['generateName'] === 'string' &&
        typeof r['name'] === 'string' &&
        typeof o['name'] === 'string'
      ) {
        this.ids.set(r['name'], o['name']);
      }
      for (const k of Object.keys(r)) this.learn(r[k], o[k], k);
    }
  }

  /** Replaces recorded ids in a value by the double's ones. */
  substitute<T>(value: T): T {
    if (typeof value === 'string') return (this.ids.get(value) ?? value) as T;
    if (Array.isArray(value)) return value.map((v) => this.substitute(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.substituteInKey(k)] = this.substitute(v);
      return out as T;
    }
    return value;
  }

  /** Rewrites ids embedded in a FieldsV1 key such as `k:{"uid":"..."}`. */
  private substituteInKey(key: string): string {
    if (!key.startsWith('k:')) return key;
    let out = key;
    for (const [recorded, ours] of this.ids) if (recorded.length >= 8) out = out.split(recorded).join(ours);
    return out;
  }

  /** Sends a request (no transcript) and returns status and parsed body. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<ReplayAnswer> {
    const init: RequestInit = {
      method,
      headers: { Accept: 'application/json', 'Content-Type': contentType, 'User-Agent': RECORDER_AGENT },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(this.baseUrl + path, init);
    return this.answer(res);
  }

  private async answer(res: Response): Promise<ReplayAnswer> {
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    const text = await res.text();
    let body: unknown = text;
    if ((headers['content-type'] ?? '').startsWith('application/json')) body = JSON.parse(text);
    return { status: res.status, headers, body };
  }

  /** Replays one transcript's request, with ids substituted and optional overrides. */
  async replay(t: Transcript, override: RequestOverride = {}): Promise<ReplayAnswer> {
    const query = new URLSearchParams(
      this.substitute({ ...(t.request.query ?? {}), ...(override.query ?? {}) }),
    );
    const path = this.substitute(t.request.path.split('/')).join('/');
    const url = `${this.baseUrl}${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
    const headers = { ...(t.request.headers ?? {}) };
    const init: RequestInit = { method: t.request.method, headers };
    if (t.request.body !== undefined && t.request.body !== null) {
      const b = t.request.body;
      init.body = typeof b === 'string' ? b : JSON.stringify(this.substitute(b));
    }
    if (t.request.query?.['watch'] === 'true') return this.watch(url, init, override.during);
    const answer = await this.answer(await fetch(url, init));
    this.learn(t.response.body, answer.body);
    return answer;
  }

  private async watch(url: string, init: RequestInit, during?: () => Promise<void>): Promise<ReplayAnswer> {
    const started = Date.now();
    const res = await fetch(url, init);
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    const events: unknown[] = [];
    const eventTimes: number[] = [];
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    const actions = during ? during() : Promise.resolve();
    let buffer = '';
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) {
          events.push(JSON.parse(line));
          eventTimes.push(Date.now() - started);
        }
      }
    }
    await actions;
    return { status: res.status, headers, body: events, eventTimes, endedAfterMs: Date.now() - started };
  }
}
