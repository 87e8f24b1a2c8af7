/**
 * Fault knobs: injected latency, throttling (429 + Retry-After), 5xx, timeouts and a random failure
 * rate, each optionally limited to a path prefix (e.g. "/graph" or "/aws"), a target and a number of requests.
 */
export interface FaultRule {
  /** Only requests whose path starts with this prefix (default: all). */
  pathPrefix?: string;
  /** Only requests whose path or X-Amz-Target contains this text. */
  match?: string;
  latencyMs?: number;
  /** Answer 429 with this Retry-After (seconds). */
  throttleRetryAfterSeconds?: number;
  /** Answer this 5xx status. */
  status?: 500 | 502 | 503 | 504;
  /** Hold the request this long and then drop the socket. */
  timeoutMs?: number;
  /** Probability 0..1 that the rule applies to a matching request (default 1). */
  rate?: number;
  /** Apply to at most this many matching requests, then the rule expires. */
  times?: number;
}

export type FaultDecision =
  | { kind: "pass"; latencyMs: number }
  | { kind: "throttle"; latencyMs: number; retryAfterSeconds: number }
  | { kind: "error"; latencyMs: number; status: number }
  | { kind: "timeout"; latencyMs: number };

interface StoredRule extends FaultRule {
  id: number;
  used: number;
}

export class FaultKnobs {
  private rules: StoredRule[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): number {
    if (rule.rate !== undefined && (rule.rate < 0 || rule.rate > 1)) throw new RangeError("rate must be between 0 and 1");
    const id = this.nextId++;
    this.rules.push({ ...rule, id, used: 0 });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): (FaultRule & { id: number })[] {
    return this.rules.map(({ used: _used, ...rule }) => rule);
  }

  /** Decide what happens to one request; latency from every matching rule adds up, the first failure wins. */
  decide(path: string, target = ""): FaultDecision {
    let latencyMs = 0;
    let outcome: FaultDecision | undefined;
    for (const rule of this.rules) {
      if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) continue;
      if (rule.match && !path.includes(rule.match) && !target.includes(rule.match)) continue;
      if (rule.times !== undefined && rule.used >= rule.times) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.used += 1;
      latencyMs += rule.latencyMs ?? 0;
      if (outcome) continue;
      if (rule.timeoutMs !== undefined) outcome = { kind: "timeout", latencyMs: rule.timeoutMs };
      else if (rule.throttleRetryAfterSeconds !== undefined) outcome = { kind: "throttle", latencyMs: 0, retryAfterSeconds: rule.throttleRetryAfterSeconds };
      else if (rule.status !== undefined) outcome = { kind: "error", latencyMs: 0, status: rule.status };
    }
    this.rules = this.rules.filter((r) => r.times === undefined || r.used < r.times);
    if (!outcome) return { kind: "pass", latencyMs };
    return { ...outcome, latencyMs: outcome.latencyMs + latencyMs };
  }
}
