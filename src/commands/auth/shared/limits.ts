import type { Columns } from "../../../output/columns.js";
import { commas } from "../../../output/format.js";
import type { UserLimits } from "./claims.js";

/** natscli's AddRowUnlimited: "unlimited" for the unlimited value (or unset), else the number with separators. */
export function unlimited(v: number | undefined, none = -1): string {
  return v === undefined || v === none ? "unlimited" : commas(v);
}

const CONN_TYPES: Record<string, string> = { nats: "STANDARD", ws: "WEBSOCKET", wsleaf: "LEAFNODE_WS", leaf: "LEAFNODE", mqtt: "MQTT" };

/** natscli's --connection names as the JWT's allowed_connection_types. */
export function connectionTypes(names: string[] | undefined): string[] | undefined {
  return names?.length ? names.map((n) => CONN_TYPES[n]!) : undefined;
}
export const CONNECTION_NAMES = Object.keys(CONN_TYPES);

/** A user's (or a scoped key template's) limits and permissions, as natscli's RenderUserLimits. */
export function renderUserLimits(c: Columns, l: UserLimits): void {
  c.rowIf(l.times_location, "Locale", l.times_location);
  c.row("Bearer Token", Boolean(l.bearer_token));
  c.title("Limits");
  c.row("Max Payload", unlimited(l.payload));
  c.row("Max Data", unlimited(l.data));
  c.row("Max Subscriptions", unlimited(l.subs));
  c.rowIf(l.allowed_connection_types?.length, "Connection Types", l.allowed_connection_types?.join(", "));
  c.rowIf(l.src?.length, "Connection Sources", l.src?.join(", "));
  if (l.times?.length) c.list("Connection Times", l.times.map((t) => `${t.start ?? ""} to ${t.end ?? ""}`));
  c.title("Permissions");
  c.indent(2);
  for (const [title, p] of [["Publish", l.pub], ["Subscribe", l.sub]] as const) {
    c.title(title);
    if (p?.allow?.length || p?.deny?.length) {
      if (p.allow?.length) c.list("Allow", p.allow);
      if (p.deny?.length) c.list("Deny", p.deny);
    } else {
      c.line("No permissions defined");
    }
  }
  c.indent(0);
}
