import { Command } from "commander";
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { existsSync, rmSync, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Deps } from "../../deps.js";
import { openContextStore, type ContextStore, emptyContext, type ContextSettings } from "../../context/store.js";
import { CliError, ExitCode } from "../../errors.js";
import { log } from "../../output/io.js";
import { aborted } from "../../util/stdin.js";
import { parseIntFlag } from "../../util/flags.js";
import { examplesText } from "../shared/examples.js";

export interface ServerRunOptions {
  jetstream: boolean;
  /** Client port; undefined: the one the user context had, else a free one. */
  port?: string;
  /** HTTP monitoring port ("0": a free one). */
  monitor: string;
  verbose?: boolean;
  /** Remove the two contexts when the server stops. */
  clean?: boolean;
}

/** How to get a nats-server binary, for the error shown when none is found. */
export const INSTALL_HINT =
  "install one: `apt-get install nats-server` (Debian/Ubuntu), `brew install nats-server` (macOS), " +
  "`go install github.com/nats-io/nats-server/v2@latest`, or a release from https://github.com/nats-io/nats-server/releases; " +
  "or point NATS_SERVER_BIN at the binary";

/** natscli's default instance name (its `server run [name]`). */
export const DEFAULT_NAME = "nats_development";
/** The users of the two accounts, as natscli named them. */
const USER = "local";
const SYSTEM_USER = "system";
/** The USER account's user of clients that give no credentials (nats-server's no_auth_user cannot name a bcrypt user). */
const ANONYMOUS = "anonymous";

/** The two contexts an instance saves: NAME (account USER) and NAME_system (the system account), as natscli. */
export function devContextNames(name: string): { user: string; system: string } {
  return { user: name, system: `${name}_system` };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** A 32-character random password (natscli's length), from the CSPRNG. */
const randomPassword = () => Array.from({ length: 32 }, () => ALNUM[randomInt(ALNUM.length)]).join("");
/** A double-quoted string of nats-server's configuration syntax. */
const confString = (s: string) => JSON.stringify(s);

/**
 * The server configuration: accounts USER (JetStream) and SYSTEM (the system account), a password user in
 * each (bcrypt hashes only: the passwords live in the contexts), a password-less user of USER as `no_auth_user`
 * so a client without credentials (`nats -s URL …`, any quick test program) lands in USER, and monitoring on 127.0.0.1.
 */
export function devServerConfig(o: { port: number; monitor: number; dir: string; jetstream: boolean; userHash: string; systemHash: string }): string {
  return `# written by \`nats server run\`; removed when it stops
listen: "127.0.0.1:${o.port}"
http: "127.0.0.1:${o.monitor}"
ports_file_dir: ${confString(o.dir)}
system_account: SYSTEM
no_auth_user: ${ANONYMOUS}
${o.jetstream ? `jetstream {\n  store_dir: ${confString(path.join(o.dir, "jetstream"))}\n}\n` : ""}accounts {
  USER: {
${o.jetstream ? "    jetstream: enabled\n" : ""}    users: [{ user: ${USER}, password: ${confString(o.userHash)} }, { user: ${ANONYMOUS} }]
  }
  SYSTEM: {
    users: [{ user: ${SYSTEM_USER}, password: ${confString(o.systemHash)} }]
  }
}
`;
}

/** Whether 127.0.0.1:port can be listened on now. */
async function portIsFree(port: number): Promise<boolean> {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ host: "127.0.0.1", port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * `nats server run [name]`: a local development nats-server (from NATS_SERVER_BIN or PATH) with JetStream, a system
 * account and HTTP monitoring, in a temporary directory; contexts NAME and NAME_system for its two users.
 */
export function serverRunCommand(deps: Deps): Command {
  return new Command("run")
    .description("Run a local development nats-server with JetStream, a system account and monitoring (Ctrl-C stops it and removes its data)")
    .argument("[name]", `Name of the contexts to save for it: NAME for the user, NAME_system for the system user (default ${DEFAULT_NAME}, or the global --context)`)
    .option("--jetstream", "Enable JetStream, stored in the temporary directory", true)
    .option("--no-jetstream", "Run without JetStream")
    .option("--port <port>", "Client port (default: the port context NAME points at when it is free, else a free one; 0 picks a free one)")
    .option("--monitor <port>", "HTTP monitoring port on 127.0.0.1 (0 picks a free one)", "0")
    .option("--clean", "Remove the two contexts again when the server stops", false)
    .option("--verbose", "Show the server's log on stderr", false)
    .addHelpText("after", `
The user context NAME is selected; the system context NAME_system is for \`server info/list/ping/report\`.
Passwords are generated once, kept in the contexts (0600 files) and never printed; a client without
credentials joins the user's account. The global --no-context saves no context.`)
    .addHelpText("after", examplesText(
      "nats server run                                   # contexts nats_development and nats_development_system",
      "nats server run dev --port 4333 --monitor 8333",
      "nats --context nats_development_system server list",
    ))
    .action(async (name: string | undefined, opts: ServerRunOptions, cmd: Command) => {
      if (opts.port !== undefined) opts.port = String(parseIntFlag(opts.port, "--port", { max: 65535 }));
      opts.monitor = String(parseIntFlag(opts.monitor, "--monitor", { max: 65535 }));
      const ctxFlag = (cmd.optsWithGlobals() as { context?: string | false }).context;
      // --no-context: nothing saved (npm run demo, scripts that pass -s URL)
      const ctxName = ctxFlag === false ? undefined : (name ?? (ctxFlag || DEFAULT_NAME));
      const store = openContextStore(deps.configDir, deps.env, deps.cwd);
      if (ctxName) {
        // validates the names before anything starts
        store.pathOf(devContextNames(ctxName).system);
        for (const n of Object.values(devContextNames(ctxName))) store.checkWritable(n, "change");
      }
      await serverRun(deps, opts, ctxName, store);
    });
}

/** A saved context of a previous run: its password is used again (so running clients and scripts keep working), and its port when free. */
async function previous(store: ContextStore, name: string, user: string): Promise<{ settings: ContextSettings; password?: string; port?: number }> {
  if (!(await store.exists(name))) return { settings: emptyContext() };
  const settings = (await store.load(name)).settings;
  const password = settings.user === user && settings.password ? settings.password : undefined;
  let port: number | undefined;
  try { port = Number(new URL(settings.url.split(",")[0]!.trim()).port) || undefined; } catch { /* no usable URL */ }
  return { settings, password, port };
}

/**
 * Runs nats-server in a temporary directory until Ctrl-C (or SIGTERM), then stops it and removes its data; with
 * `ctxName` the contexts ctxName (selected) and ctxName_system point at it. A second Ctrl-C kills the server at once.
 */
export async function serverRun(deps: Deps, opts: ServerRunOptions, ctxName: string | undefined, store: ContextStore): Promise<void> {
  const bin = deps.env.NATS_SERVER_BIN || "nats-server";
  const names = ctxName ? devContextNames(ctxName) : undefined;
  const prevUser = names ? await previous(store, names.user, USER) : undefined;
  const prevSystem = names ? await previous(store, names.system, SYSTEM_USER) : undefined;
  let port = opts.port === undefined ? 0 : Number(opts.port);
  if (opts.port === undefined && prevUser?.port && (await portIsFree(prevUser.port))) port = prevUser.port;
  const userPassword = prevUser?.password ?? randomPassword();
  const systemPassword = prevSystem?.password ?? randomPassword();
  const bcrypt = (await import("bcryptjs")).default;
  // cost 5 as natscli's: the hashes guard a local throwaway server, and every connect pays the cost
  const [userHash, systemHash] = await Promise.all([bcrypt.hash(userPassword, 5), bcrypt.hash(systemPassword, 5)]);

  const dir = await fs.mkdtemp(path.join(tmpdir(), "natsx-server-"));
  const confFile = path.join(dir, "nats-server.conf");
  await fs.writeFile(confFile, devServerConfig({ port: port || -1, monitor: Number(opts.monitor) || -1, dir, jetstream: opts.jetstream, userHash, systemHash }), { mode: 0o600 });
  let removeExitHook: (() => void) | undefined;
  try {
    // Own process group: a terminal Ctrl-C reaches only us, so we decide how the server stops and can clean up after it.
    const child = spawn(bin, ["-c", confFile], { stdio: ["ignore", "ignore", "pipe"], env: deps.env as NodeJS.ProcessEnv, detached: true });
    // A second Ctrl-C (or a closed terminal) ends this process at once: the server is killed and its data removed
    // on the way out, as nothing in its own process group would stop it.
    removeExitHook = deps.onExit?.(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => {
      stderr = (stderr + String(d)).slice(-4000);
      if (opts.verbose) deps.io.err.write(d);
    });
    let exit: { code: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException } | undefined;
    const exited = new Promise<void>((resolve) => {
      child.once("error", (error: NodeJS.ErrnoException) => { exit ??= { code: null, signal: null, error }; resolve(); });
      child.once("exit", (code, signal) => { exit ??= { code, signal }; resolve(); });
    });
    const lastLines = () => stderr.trim().split("\n").slice(-2).map((l) => l.replace(/^\[\d+\] [\d/ :.]+ \[\w+\] /, "")).join(" | ");
    const failed = (): CliError => {
      if (exit?.error?.code === "ENOENT") return new CliError(`no nats-server binary found (looked for "${bin}"${deps.env.NATS_SERVER_BIN ? " from NATS_SERVER_BIN" : " on PATH"})`, { exitCode: ExitCode.NOT_FOUND, hint: INSTALL_HINT });
      if (exit?.error) return new CliError(`cannot start ${bin}: ${exit.error.message}`, { hint: INSTALL_HINT });
      const inUse = /address already in use/i.test(stderr);
      return new CliError(`nats-server exited${exit?.code !== null && exit?.code !== undefined ? ` with code ${exit.code}` : ""}: ${lastLines() || "no output"}`,
        { hint: inUse ? "another server uses that port: pick another with --port or --monitor, or 0 for a free one" : undefined });
    };

    const portsFile = () => path.join(dir, `nats-server_${child.pid}.ports`);
    let url = "";
    let monitorUrl = "";
    for (const deadline = Date.now() + 10_000; !url;) {
      if (exit) throw failed();
      if (deps.signal.aborted) break;
      if (child.pid && existsSync(portsFile())) {
        try {
          const ports = JSON.parse(await fs.readFile(portsFile(), "utf8")) as { nats?: string[]; monitoring?: string[] };
          url = ports.nats?.[0] ?? "";
          monitorUrl = ports.monitoring?.[0] ?? "";
        } catch { /* written in two steps: retry */ }
      }
      if (Date.now() > deadline) { child.kill("SIGKILL"); throw new CliError(`nats-server did not start within 10s: ${lastLines()}`); }
      if (!url) await sleep(20);
    }
    if (url) {
      url = url.replace("0.0.0.0", "127.0.0.1");
      let wasSelected = "";
      if (names) {
        const auth = { token: "", creds: "", nkey: "", user_jwt: "", user_seed: "", nsc: "" };
        await store.save(names.user, {
          ...prevUser!.settings, ...auth, url, user: USER, password: userPassword,
          description: prevUser!.settings.description || "Local user access for the nats server run development instance",
        });
        await store.save(names.system, {
          ...prevSystem!.settings, ...auth, url, user: SYSTEM_USER, password: systemPassword, jetstream_domain: "",
          description: prevSystem!.settings.description || "System user access for the nats server run development instance",
        });
        wasSelected = await store.selected();
        await store.select(names.user);
      }
      deps.io.out.write(`${url}\n`);
      const version = /Version:\s*(\S+)/.exec(stderr)?.[1];
      const say = (line: string) => log(deps.io, deps.now(), line);
      say(`Started nats-server${version ? ` ${version}` : ""} (pid ${child.pid}) on ${url}${opts.jetstream ? ` with JetStream in ${path.join(dir, "jetstream")}` : ""}`);
      if (monitorUrl) say(`Monitoring on ${monitorUrl.replace("0.0.0.0", "127.0.0.1")}`);
      if (names) {
        say(`Selected context "${names.user}" (user ${USER})${wasSelected && wasSelected !== names.user ? `, was "${wasSelected}"` : ""}; "${names.system}" is the system user; passwords are kept in the contexts`);
        const sys = `nats --context ${names.system}`;
        deps.io.err.write(`\nTry, in another shell:\n` +
          `  nats pub demo.hello hi                    # as the user (a client without credentials joins its account too)\n` +
          (opts.jetstream ? `  nats stream add DEMO --subjects 'demo.>' --defaults\n` : "") +
          `  ${sys} server list\n` +
          `  ${sys} server report connections\n` +
          (opts.jetstream ? `  ${sys} server report jetstream\n` : "") +
          (monitorUrl ? `  curl ${monitorUrl.replace("0.0.0.0", "127.0.0.1")}/varz\n` : "") +
          (wasSelected && wasSelected !== names.user ? `  nats context select ${wasSelected}              # back to your previous context\n` : "") +
          `\n`);
      }
      say(`Press Ctrl-C to stop the server and remove its data${opts.clean ? " and the contexts" : ""}`);
    }
    await Promise.race([exited, aborted(deps.signal)]);
    if (!exit) {
      child.kill("SIGTERM");
      log(deps.io, deps.now(), "Stopping nats-server (Ctrl-C again kills it at once)");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
      if (names && opts.clean) await removeContexts(store, names);
      log(deps.io, deps.now(), `Stopped nats-server and removed its data${names && opts.clean ? " and the contexts" : ""}`);
      return;
    }
    throw failed();
  } finally {
    removeExitHook?.();
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** --clean: removes both contexts; the selection goes back to the previous context when it was the user one. */
async function removeContexts(store: ContextStore, names: { user: string; system: string }): Promise<void> {
  const selected = await store.selected();
  const prev = await store.previous();
  await store.remove(names.user);
  await store.remove(names.system);
  if (selected !== names.user) return;
  if (prev && prev !== names.user && (await store.exists(prev))) await store.select(prev);
  else await store.unselect();
}
