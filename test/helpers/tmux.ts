import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { BIN } from "./run-cli.js";
import { scratchDir } from "./scratch.js";

/** A pseudo-terminal of a given size running one command under tmux, for the views that need a real TTY. */
export interface Terminal {
  /** The visible screen as text (tmux capture-pane), trailing blanks trimmed. */
  screen(): string;
  /** Polls the screen until it matches; fails with the last screen. */
  waitFor(match: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Types keys (tmux send-keys syntax: "q", "C-c", "Space"). */
  keys(...keys: string[]): void;
  resize(columns: number, rows: number): void;
  /** Kills the tmux server (and with it the command), removing its socket directory. */
  close(): void;
}

/** Fails with the fix when tmux is missing: the terminal tests need it (.ci/run installs it), they are not skipped. */
function requireTmux(): void {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
  } catch {
    throw new Error("tmux is needed for the terminal tests: apt-get install tmux (bash .ci/run installs it)");
  }
}

const shq = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * Starts `nats ARGS` (the built bin) in a detached tmux session of `columns`×`rows`, on a socket of its own in the
 * test run's temp root (so the suite's leak check sees it). When the command ends the pane prints `EXIT=<code>`
 * and stays open, so a test can read the exit code from the screen.
 */
export function terminal(args: string[], opts: { columns?: number; rows?: number; env?: Record<string, string> } = {}): Terminal {
  requireTmux();
  const dir = scratchDir("natsx-tmux-");
  const sock = path.join(dir, "sock");
  const tmux = (...a: string[]) => execFileSync("tmux", ["-S", sock, ...a], { encoding: "utf8" });
  const env = { NO_COLOR: "1", HOME: dir, XDG_CONFIG_HOME: path.join(dir, ".config"), TERM: "xterm-256color", ...opts.env };
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}`).join(" ");
  const cmd = `env -u NODE_EXTRA_CA_CERTS ${envArgs} ${shq(process.execPath)} ${shq(BIN)} ${args.map(shq).join(" ")}; echo EXIT=$?; sleep 600`;
  tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", String(opts.columns ?? 100), "-y", String(opts.rows ?? 30), cmd);
  // a detached session keeps the size it was made with
  tmux("set-option", "-t", "t", "window-size", "manual");
  const screen = () => tmux("capture-pane", "-p", "-t", "t").replace(/[ \t]+$/gm, "").replace(/\n+$/, "\n");
  return {
    screen,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last = "";
      for (;;) {
        last = screen();
        if (typeof match === "string" ? last.includes(match) : typeof match === "function" ? match(last) : match.test(last)) return last;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(match)} on the terminal:\n${last}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    keys: (...keys) => { tmux("send-keys", "-t", "t", ...keys); },
    resize: (columns, rows) => { tmux("resize-window", "-t", "t", "-x", String(columns), "-y", String(rows)); },
    close: () => {
      try { tmux("kill-server"); } catch { /* already gone */ }
    },
  };
}
