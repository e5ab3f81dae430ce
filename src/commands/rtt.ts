import { Command } from "commander";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import type { Deps } from "../deps.js";
import { connectPlan, planFromCommand } from "../context/connect.js";
import type { ConnectPlan } from "../context/plan.js";
import { CliError, ExitCode, explain } from "../errors.js";
import { log } from "../output/io.js";
import { printJson } from "../output/json.js";
import { humanDuration } from "../output/format.js";
import { parseIntFlag } from "../util/flags.js";
import { examplesText } from "./shared/examples.js";

export interface RttOptions { json?: boolean }

/** One address's result: `rtt` in nanoseconds as natscli's JSON, or why it failed. */
export interface RttResult { address: string; url: string; rtt: number; error?: string }

/** `nats rtt [ITERATIONS]`: the average round trip to every address each server URL resolves to. */
export function createCommand(deps: Deps): Command {
  return new Command("rtt")
    .description("Compute round-trip time to NATS server")
    .argument("[iterations]", "How many round trips to do when testing", "5")
    .option("-j, --json", "Produce JSON output", false)
    .addHelpText("after", examplesText("nats rtt", "nats rtt 20 --json", "nats rtt -s nats://nats1.example.net,nats://nats2.example.net   # each server in the list"))
    .action(async (iterArg: string, opts: RttOptions, cmd: Command) => {
      const iterations = parseIntFlag(iterArg, "iterations", { min: 1 });
      const plan = await planFromCommand(deps, cmd);
      const all: { url: string; results: RttResult[] }[] = [];
      for (const server of plan.servers) {
        const targets = await resolveTargets(server, plan);
        const results: RttResult[] = [];
        for (const t of targets) {
          try {
            results.push({ address: t.address, url: t.url, rtt: Math.round((await measure(deps, plan, t.server, iterations)) * 1e6) });
          } catch (e) {
            const msg = explain(e, { secrets: plan.secrets }).message;
            if (!opts.json) log(deps.io, deps.now(), `Failed to compute rtt for ${t.url}: ${msg}`);
            results.push({ address: t.address, url: t.url, rtt: 0, error: msg });
          }
        }
        all.push({ url: displayUrl(server, plan), results });
      }
      if (opts.json) printJson(deps.io, all);
      else {
        for (const u of all) {
          deps.io.out.write(`${u.url}:\n\n`);
          const width = Math.max(...u.results.map((r) => r.url.length));
          for (const r of u.results) deps.io.out.write(`   ${r.url.padStart(width)}: ${r.error ? "failed" : humanDuration(r.rtt / 1e6)}\n`);
          deps.io.out.write("\n");
        }
      }
      if (all.every((u) => u.results.every((r) => r.error))) {
        throw new CliError("could not compute the round trip to any server", { exitCode: ExitCode.CONNECTION });
      }
    });
}

function displayUrl(server: string, plan: ConnectPlan): string {
  if (plan.websocket) return server;
  return `${plan.options.tls ? "tls" : "nats"}://${server}`;
}

/** Every address a server entry resolves to (natscli connects to each IP separately). */
async function resolveTargets(server: string, plan: ConnectPlan): Promise<{ server: string; address: string; url: string }[]> {
  if (plan.websocket) return [{ server, address: server, url: server }];
  // With TLS keep the host name: the v3 client verifies the certificate against the name it dials.
  if (plan.options.tls) return [{ server, address: server, url: `tls://${server}` }];
  const u = new URL(`nats://${server}`);
  const host = u.hostname.replace(/^\[|\]$/g, "");
  let addrs: string[];
  if (isIP(host)) addrs = [host];
  else {
    try {
      addrs = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      // Unresolvable: let the connect attempt report it in the usual words.
      addrs = [host];
    }
  }
  return addrs.map((a) => {
    const hp = isIP(a) === 6 ? `[${a}]:${u.port || 4222}` : `${a}:${u.port || 4222}`;
    return { server: hp, address: hp, url: `nats://${hp}` };
  });
}

/** Average of `n` flush round trips on a connection to one address, in ms, timed with performance.now (nc.rtt() has 1 ms resolution). */
async function measure(deps: Deps, plan: ConnectPlan, server: string, n: number): Promise<number> {
  const nc = await connectPlan(deps, { ...plan, servers: [server], options: { ...plan.options, reconnect: false, ignoreClusterUpdates: true } });
  try {
    await nc.flush(); // warm-up: the first flush also waits for the connect handshake to settle
    let total = 0;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await nc.flush();
      total += performance.now() - t;
    }
    return total / n;
  } finally {
    await nc.close();
  }
}
