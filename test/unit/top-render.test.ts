import { describe, expect, it } from "vitest";
import { renderTop } from "../../src/top/render.js";
import type { TopStats } from "../../src/top/engine.js";

const stats = (lastActivity: string): TopStats => ({
  varz: { server_id: "NSRV", version: "2.9.10" },
  rates: null,
  connz: { num_connections: 1, connections: [{ cid: 7, ip: "127.0.0.1", port: 4000, name: "app", subscriptions: 2, subscriptions_list: ["a.b", "c.d"], last_activity: lastActivity }] },
});

describe("renderTop --subs", () => {
  it("keeps two spaces between LAST_ACTIVITY and SUBSCRIPTIONS however long the activity is (nats-top's ran into it)", () => {
    for (const last of ["2026-12-07T20:07:07Z", "2026-12-07 20:07:07.711311005 +0530 IST m=+12345.678901234"]) {
      const lines = renderTop(stats(last), { raw: false, subs: true, rates: false }).split("\n");
      const head = lines.find((l) => l.includes("HOST"))!;
      const row = lines.find((l) => l.includes("127.0.0.1:4000"))!;
      expect(head).toMatch(/LAST_ACTIVITY {2,}SUBSCRIPTIONS$/);
      expect(row.endsWith(`${last}${" ".repeat(Math.max(0, 40 - last.length) + 2)}a.b, c.d`)).toBe(true);
      expect(row.split(/\s{2,}/).pop()).toBe("a.b, c.d");
    }
  });
});
