import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type NatsServer } from "../helpers/nats-server.js";
import { terminal, type Terminal } from "../helpers/tmux.js";
import { cliError } from "../helpers/run-cli.js";

// The questions commands ask on a terminal (@inquirer/prompts), driven key by key in a real pseudo-terminal (tmux)
// running the built bin: selects move with the arrow keys, inputs re-ask until their answer parses, and Ctrl-C at
// any question ends the command with exit 130 before anything reaches the server.

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: "PAGED", subjects: ["paged.>"] });
  for (let i = 1; i <= 6; i++) nc.publish(`paged.${i}`, `msg ${i}`);
  await nc.flush();
}, 30_000);
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

/** The question being asked: the last `? ` line on the screen (answered ones start with ✔). */
const asking = (screen: string) => [...screen.matchAll(/^\? (.*)$/gm)].at(-1)?.[1] ?? "";

/** Waits until `question` is the one asked, then types `keys`. */
async function answer(t: Terminal, question: string, ...keys: string[]): Promise<string> {
  const s = await t.waitFor((x) => asking(x).startsWith(question));
  t.keys(...keys);
  return s;
}

const exitOf = async (t: Terminal) => Number((await t.waitFor(/EXIT=\d+/)).match(/EXIT=(\d+)/)![1]);

describe("stream add on a terminal", () => {
  it("asks in natscli's order with selects for the policies, re-asks a bad number, and creates what was chosen", async () => {
    // tall enough to keep the answers on screen above the info screen the command ends with
    const t = terminal(["stream", "add", "-s", server.url], { columns: 100, rows: 90 });
    try {
      await answer(t, "Stream Name", "ASKED", "Enter");
      await answer(t, "Subjects", "asked.>", "Enter");
      const storage = await answer(t, "Storage", "Down");
      expect(storage).toMatch(/^\? Storage\n❯ file\n {2}memory\n/m);
      await t.waitFor(/^❯ memory$/m);
      t.keys("Enter");
      await answer(t, "Replication", "Enter");
      await answer(t, "Retention Policy", "Down", "Down");
      const retention = await t.waitFor(/^❯ Work Queue$/m);
      // the choice's description is shown under the list
      expect(retention).toContain("remove each message once a consumer acknowledged it");
      t.keys("Enter");
      await answer(t, "Discard Policy", "Enter");
      await answer(t, "Stream Messages Limit", "abc", "Enter");
      // a bad number is refused as it is typed in: the question stays, with the reason under it
      const refused = await t.waitFor(/invalid --max-msgs "abc"/);
      expect(asking(refused)).toMatch(/^Stream Messages Limit/);
      expect(refused).toMatch(/^> invalid --max-msgs "abc": expected a whole number/m);
      t.keys("BSpace", "BSpace", "BSpace", "100", "Enter");
      await answer(t, "Per Subject Messages Limit", "Enter");
      await answer(t, "Total Stream Size", "Enter");
      await answer(t, "Message TTL", "1h", "Enter");
      await answer(t, "Max Message Size", "Enter");
      await answer(t, "Duplicate tracking time window", "Enter");
      await answer(t, "Allow message Roll-ups", "Enter");
      await answer(t, "Allow message deletion", "n", "Enter");
      await answer(t, "Allow purging subjects", "Enter");
      const done = await t.waitFor(/EXIT=\d+/);
      expect(done).toMatch(/EXIT=0/);
      // every answer stays on the screen, in the order asked
      const answered = done.split("\n").filter((l) => l.startsWith("✔ ")).slice(0, 15);
      expect(answered).toEqual([
        "✔ Stream Name ASKED", "✔ Subjects asked.>", "✔ Storage memory", "✔ Replication 1", "✔ Retention Policy Work Queue",
        "✔ Discard Policy Old", "✔ Stream Messages Limit 100", "✔ Per Subject Messages Limit -1", "✔ Total Stream Size -1",
        "✔ Message TTL 1h", "✔ Max Message Size -1", "✔ Duplicate tracking time window 2m", "✔ Allow message Roll-ups? No",
        "✔ Allow message deletion? No", "✔ Allow purging subjects or the entire stream? Yes",
      ]);
      expect((await jsm.streams.info("ASKED")).config).toMatchObject({
        subjects: ["asked.>"], storage: "memory", retention: "workqueue", discard: "old", max_msgs: 100, max_age: 3_600_000_000_000,
        allow_rollup_hdrs: false, deny_delete: true, deny_purge: false,
      });
    } finally {
      t.close();
    }
  });

  it("Ctrl-C at a question exits 130 and creates nothing", async () => {
    const t = terminal(["stream", "add", "NEVER", "--subjects", "never.>", "-s", server.url]);
    try {
      await answer(t, "Storage", "Down");
      await t.waitFor(/^❯ memory$/m);
      t.keys("C-c");
      expect(await exitOf(t)).toBe(130);
      expect(t.screen()).toMatch(cliError(/^interrupted$/m));
      expect(t.screen()).not.toMatch(/at .*\.(c?js|ts):\d+/);
      await expect(jsm.streams.info("NEVER")).rejects.toThrow(/stream not found/);
    } finally {
      t.close();
    }
  });
});

describe("consumer add on a terminal", () => {
  it("asks for the name first, and Ctrl-C later on creates nothing", async () => {
    const t = terminal(["consumer", "add", "PAGED", "-s", server.url]);
    try {
      const first = await t.waitFor((x) => asking(x) !== "");
      expect(first.split("\n")[0]).toBe("? Consumer name");
      // a name the server would refuse is refused as it is typed in
      t.keys("a.b", "Enter");
      expect(await t.waitFor(/may not contain/)).toMatch(/^> consumer names may not contain \. \* > \/ \\ or whitespace$/m);
      t.keys("BSpace", "BSpace", "BSpace", "WORKER", "Enter");
      await answer(t, "Delivery target", "Enter");
      await answer(t, "Start policy", "Enter");
      const ack = await answer(t, "Acknowledgment policy", "C-c");
      expect(ack).toMatch(/^❯ explicit$/m);
      expect(await exitOf(t)).toBe(130);
      expect(t.screen()).toMatch(cliError(/^interrupted$/m));
      const names: string[] = [];
      for await (const c of jsm.consumers.list("PAGED")) names.push(c.name);
      expect(names).toEqual([]);
    } finally {
      t.close();
    }
  });
});

describe("consumer add on a terminal, answered", () => {
  it("creates a pull consumer from the answers: a select for the ack policy, a refused count, a backoff policy", async () => {
    const t = terminal(["consumer", "add", "PAGED", "-s", server.url], { columns: 100, rows: 90 });
    try {
      await answer(t, "Consumer name", "PULLER", "Enter");
      await answer(t, "Delivery target", "Enter");
      await answer(t, "Start policy", "Enter");
      await answer(t, "Acknowledgment policy", "Down");
      await t.waitFor(/^❯ all$/m);
      t.keys("Enter");
      await answer(t, "Replay policy", "Enter");
      await answer(t, "Filter Stream by subjects", "paged.>", "Enter");
      await answer(t, "Maximum Allowed Deliveries", "five", "Enter");
      expect(await t.waitFor(/invalid --max-deliver "five"/)).toMatch(/^> invalid --max-deliver "five"/m);
      t.keys("BSpace", "BSpace", "BSpace", "BSpace", "9", "Enter");
      await answer(t, "Maximum Acknowledgments Pending", "Enter");
      await answer(t, "Deliver headers only without bodies", "Enter");
      await answer(t, "Add a Retry Backoff Policy", "y", "Enter");
      await answer(t, "Backoff policy", "Up");
      await t.waitFor(/^❯ linear$/m);
      t.keys("Enter");
      await answer(t, "Minimum retry time", "BSpace", "BSpace", "10s", "Enter");
      await answer(t, "Maximum retry time", "Enter");
      await answer(t, "Number of steps to generate in the policy", "BSpace", "BSpace", "3", "Enter");
      expect(await exitOf(t)).toBe(0);
      const ci = await jsm.consumers.info("PAGED", "PULLER");
      expect(ci.config).toMatchObject({ durable_name: "PULLER", ack_policy: "all", deliver_policy: "all", filter_subject: "paged.>", max_deliver: 9 });
      expect(ci.config.backoff).toEqual([10e9, 605e9, 1200e9]);
      await jsm.consumers.delete("PAGED", "PULLER");
    } finally {
      t.close();
    }
  });
});

describe("object seal on a terminal", () => {
  it("Ctrl-C at the confirmation exits 130 and leaves the bucket unsealed", async () => {
    const objm = new Objm(nc);
    await objm.create("UNSEALED");
    const t = terminal(["object", "seal", "UNSEALED", "-s", server.url]);
    try {
      const s = await answer(t, "Really seal Bucket UNSEALED", "C-c");
      expect(s).toMatch(/\(y\/N\)/);
      expect(await exitOf(t)).toBe(130);
      expect(t.screen()).not.toContain("Skipping seal");
      expect((await (await objm.open("UNSEALED")).status()).sealed).toBe(false);
    } finally {
      t.close();
    }
  });
});

describe("stream view on a terminal", () => {
  it("pages on Enter (yes by default) and stops on n", async () => {
    const t = terminal(["stream", "view", "PAGED", "2", "-s", server.url], { rows: 40 });
    try {
      await answer(t, "Next Page?", "Enter");
      await t.waitFor(/\[3\] Subject: paged\.3/);
      await answer(t, "Next Page?", "n", "Enter");
      const s = await t.waitFor(/EXIT=\d+/);
      expect(s).toMatch(/EXIT=0/);
      expect(s).toContain("[4] Subject: paged.4");
      expect(s).not.toContain("[5]");
      expect(s).toMatch(/✔ Next Page\? Yes[\s\S]*✔ Next Page\? No/);
    } finally {
      t.close();
    }
  });
});
