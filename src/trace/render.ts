/** A server's message trace event (nats-server 2.11 msgtrace.go): who it is, the request's headers, and its steps. */
export interface TraceEvent {
  server: { name?: string; id?: string; cluster?: string; ver?: string; time?: string };
  request?: { header?: Record<string, string[]>; msgsize?: number };
  hops?: number;
  events: TraceStep[];
  /** Set while linking: the event of the server an egress (route, gateway, leafnode) led to. */
  links?: Record<string, TraceEvent>;
}

export interface TraceStep {
  type: "in" | "sm" | "se" | "si" | "js" | "eg";
  ts?: string;
  kind?: number;
  cid?: number;
  name?: string;
  acc?: string;
  subj?: string;
  to?: string;
  from?: string;
  stream?: string;
  subject?: string;
  nointerest?: boolean;
  hop?: string;
  sub?: string;
  queue?: string;
  error?: string;
}

// nats-server's connection kinds
const CLIENT = 0, ROUTER = 1, GATEWAY = 2, LEAF = 4, JETSTREAM = 5;
const KIND: Record<number, string> = { 0: "Client", 1: "Router", 2: "Gateway", 3: "System", 4: "Leafnode", 5: "JetStream", 6: "Account" };
const CIDP: Record<number, string> = { 0: "cid", 1: "rid", 2: "gid", 4: "lid" };

/** natscli's arrows: --C client, --> route, ==> gateway, ~~> leafnode, --J JetStream. */
export function arrow(kind: number): string {
  return kind === CLIENT ? "--C" : kind === JETSTREAM ? "--J" : kind === ROUTER ? "-->" : kind === GATEWAY ? "==>" : kind === LEAF ? "~~>" : "";
}

const kindText = (k = -1) => KIND[k] ?? "Unknown Kind";
const cidText = (k = -1, id = 0) => `${CIDP[k] ?? "id"}:${id}`;
const q = (s: string | undefined) => JSON.stringify(s ?? "");

/**
 * Joins the events the servers sent into one tree: the origin is the event whose ingress came from a client; every
 * other event carries the `Nats-Trace-Hop` header its parent's egress named. Returns the origin and the hops no
 * event arrived for (their servers did not answer within the wait).
 */
export function linkTrace(events: TraceEvent[]): { origin?: TraceEvent; missing: string[] } {
  const ingress = (e: TraceEvent) => e.events.find((s) => s.type === "in");
  const origin = events.find((e) => ingress(e)?.kind === CLIENT);
  const byHop = new Map<string, TraceEvent>();
  for (const e of events) {
    const hop = e.request?.header?.["Nats-Trace-Hop"]?.[0];
    if (hop && e !== origin) byHop.set(hop, e);
  }
  const missing: string[] = [];
  const walk = (e: TraceEvent) => {
    for (const s of e.events) {
      if (s.type !== "eg" || !s.hop) continue;
      const next = byHop.get(s.hop);
      if (!next) { missing.push(s.hop); continue; }
      (e.links ??= {})[s.hop] = next;
      walk(next);
    }
  };
  if (origin) walk(origin);
  return { origin, missing };
}

/** natscli's tree: the ingress, mappings, imports/exports, JetStream, then each egress with the next server's trace indented. */
export function renderTrace(e: TraceEvent, o: { timestamps: boolean }, egress: Record<string, number> = {}, depth = 0, t0?: number): string[] {
  const base = t0 ?? Date.parse(e.events.find((s) => s.type === "in")?.ts ?? e.server.time ?? "");
  const pre = " ".repeat(depth * 4);
  const ts = (s: TraceStep) => {
    if (!o.timestamps) return "";
    const d = Date.parse(s.ts ?? "") - base;
    return Number.isNaN(d) ? "[0s] " : d < 0 ? "[Skew] " : `[${d >= 1 ? `${d}ms` : `${Math.round(d * 1000)}µs`}] `;
  };
  const out: string[] = [];
  const add = (s: TraceStep, line: string) => out.push(`${pre}${ts(s)}${line}`);
  for (const s of e.events) {
    switch (s.type) {
      case "in": {
        if (s.error && !e.server.id) { out.push(`${pre}  !!! Ingress Error: ${s.error}`); break; }
        const who = s.name ? `${kindText(s.kind)} ${q(s.name)} ${cidText(s.kind, s.cid)}` : `${kindText(s.kind)} ${cidText(s.kind, s.cid)}`;
        const cluster = e.server.cluster && (s.kind === GATEWAY || s.kind === CLIENT) ? ` cluster:${q(e.server.cluster)}` : "";
        add(s, `${who}${cluster} server:${q(e.server.name)} version:${q(e.server.ver)}`);
        if (s.error) add(s, `--X Error: ${s.error}`);
        break;
      }
      case "sm": add(s, `    Mapping subject:${q(s.to)}`); break;
      case "si": add(s, `    Service Import from:${q(s.from)} to:${q(s.to)} account:${q(s.acc)}`); break;
      case "se": add(s, `    Stream Export subject:${q(s.to)} account:${q(s.acc)}`); break;
      case "js": {
        if (s.error && !s.stream) { out.push(`${pre}!!! Expected JetStream event: ${s.error}`); break; }
        add(s, `${arrow(JETSTREAM)} JetStream action:${q(s.nointerest ? "no interest" : "stored")} stream:${q(s.stream)} subject:${q(s.subject)}`);
        if (s.error) add(s, `--X Error: ${s.error}`);
        egress.JetStream = (egress.JetStream ?? 0) + 1;
        break;
      }
      default: break;
    }
  }
  const egresses = e.events.filter((s) => s.type === "eg");
  const ing = e.events.find((s) => s.type === "in");
  if (egresses.length === 0 && ing?.kind === CLIENT && !ing.error && !e.events.some((s) => s.type === "js")) out.push(`${pre}--X No active interest`);
  for (const s of egresses) {
    if (s.error && !e.server.id) { out.push(`${pre}!!! Egress Error: ${s.error}`); continue; }
    const who = s.name ? `${kindText(s.kind)} ${q(s.name)} ${cidText(s.kind, s.cid)}` : `${kindText(s.kind)} ${cidText(s.kind, s.cid)}`;
    let line = `${arrow(s.kind ?? -1)} ${who}`;
    if (s.acc) line += ` account:${q(s.acc)}`;
    if (s.sub) line += ` subject:${q(s.sub)}`;
    if (s.queue) line += ` queue:${q(s.queue)}`;
    add(s, line);
    if (s.error) add(s, `  --X Error: ${s.error}`);
    const k = kindText(s.kind);
    egress[k] = (egress[k] ?? 0) + 1;
    const next = s.hop ? e.links?.[s.hop] : undefined;
    if (next) out.push(...renderTrace(next, o, egress, depth + 1, base));
  }
  return out;
}
