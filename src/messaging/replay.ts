import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Deps } from "../deps.js";
import { CliError, usageError } from "../errors.js";
import { log } from "../output/io.js";
import { commas, humanBytes } from "../output/format.js";
import { checkPublishSubject } from "../util/subject.js";
import { compileMappings, mapSubject } from "../util/subject-map.js";
import { decodeCaptured } from "./capture.js";

/** `pub --replay` settings as given on the command line. */
export interface ReplayOptions {
  replay: string;
  speed?: string;
  rate?: string;
  map?: string[];
  quiet?: boolean;
}

/** How a replay paces its messages. */
type Pace = { kind: "captured"; speed: number } | { kind: "rate"; perSecond: number } | { kind: "max" };

/** --speed X (X > 0, or `max`) and --rate N[/s|/m|/h]: the captured pace by default. */
export function replayPace(o: { speed?: string; rate?: string }): Pace {
  if (o.speed !== undefined && o.rate !== undefined) throw usageError("--speed and --rate cannot be used together", "--speed scales the captured pace, --rate sets a fixed one");
  if (o.rate !== undefined) {
    const m = /^(\d+(?:\.\d+)?)(?:\/(s|m|h))?$/.exec(o.rate.trim());
    const n = m ? Number(m[1]) : NaN;
    if (!m || !(n > 0)) throw usageError(`invalid --rate "${o.rate}": expected messages per second like 100, 100/s, 6000/m or 10/h`);
    return { kind: "rate", perSecond: n / (m[2] === "m" ? 60 : m[2] === "h" ? 3600 : 1) };
  }
  if (o.speed === undefined) return { kind: "captured", speed: 1 };
  if (o.speed === "max") return { kind: "max" };
  const s = Number(o.speed);
  if (!/^\d+(\.\d+)?$/.test(o.speed.trim()) || !(s > 0)) throw usageError(`invalid --speed "${o.speed}": expected a factor above 0 (2 = twice as fast) or "max"`);
  return { kind: "captured", speed: s };
}

/** The lines of FILE, or of stdin for `-`. */
function lines(deps: Deps, file: string): AsyncIterable<string> {
  const input = file === "-" ? deps.io.in : createReadStream(file);
  if (file !== "-") {
    (input as NodeJS.ReadableStream).on("error", () => undefined);
  }
  return createInterface({ input, crlfDelay: Infinity });
}

/** Opens FILE for reading first, so a missing file is one clear line before connecting. */
export async function checkReplayFile(file: string): Promise<void> {
  if (file === "-") return;
  const { promises: fs } = await import("node:fs");
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) throw new CliError(`cannot read the capture file "${file}": it is a directory`, { exitCode: 2 });
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read the capture file "${file}": ${code === "ENOENT" ? "no such file" : code}`, { exitCode: 2 });
  }
}

/**
 * Publishes what `sub --json` (or `stream export`) captured: subjects (rewritten by --map), headers, reply subjects
 * and exact bytes, in file order, at the captured pace (JetStream `time`, else `received`) scaled by --speed, at a
 * fixed --rate, or with `--speed max` as fast as the connection takes them (natsx's framing publisher).
 */
export async function replayRun(deps: Deps, nc: NatsConnection, o: ReplayOptions, checkErrors: () => void): Promise<{ messages: number; bytes: number; interrupted: boolean }> {
  const pace = replayPace(o);
  const mappings = compileMappings(o.map);
  const say = (m: string) => { if (!o.quiet) log(deps.io, deps.now(), m); };
  const frames = pace.kind === "max" ? new (await import("./frame-publisher.js")).MessageFrames(nc) : undefined;
  if (frames) frames.publisher.check = checkErrors;
  const where = o.replay === "-" ? "stdin" : o.replay;
  let n = 0;
  let bytes = 0;
  let first: number | undefined;
  const start = performance.now();
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() { clearTimeout(t); deps.signal.removeEventListener("abort", done); resolve(); }
    deps.signal.addEventListener("abort", done, { once: true });
  });
  let lineNo = 0;
  for await (const line of lines(deps, o.replay)) {
    lineNo++;
    if (deps.signal.aborted) break;
    if (!line.trim()) continue;
    const m = decodeCaptured(line, `${where} line ${lineNo}`);
    const subject = mapSubject(mappings, m.subject);
    checkPublishSubject(subject);
    // when this message is due, from the start of the replay
    let due: number | undefined;
    if (pace.kind === "rate") due = (n * 1000) / pace.perSecond;
    else if (pace.kind === "captured" && m.at !== undefined) {
      first ??= m.at;
      due = (m.at - first) / pace.speed;
    }
    if (due !== undefined) {
      const wait = start + due - performance.now();
      if (wait >= 1) {
        // what is buffered leaves before the pause
        await sleep(wait);
        if (deps.signal.aborted) break;
      }
    }
    if (frames) {
      const w = frames.send({ subject, data: m.data, headers: m.headers, reply: m.reply });
      if (w) await w;
    } else {
      nc.publish(subject, m.data, { headers: m.headers, reply: m.reply });
      if (n % 1000 === 999) checkErrors();
    }
    n++;
    bytes += m.data.length;
    if (n % 10_000 === 0) await new Promise((r) => setImmediate(r));
  }
  if (frames) await frames.publisher.flush();
  else await nc.flush();
  await new Promise((r) => setImmediate(r));
  checkErrors();
  say(`Replayed ${commas(n)} message${n === 1 ? "" : "s"} (${humanBytes(bytes)}) from ${where}`);
  return { messages: n, bytes, interrupted: deps.signal.aborted };
}
