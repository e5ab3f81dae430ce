// Completion scripts, generated from the full command tree by the bin (`nats completion SHELL --program NAME`).
// completions/nats.{bash,zsh,fish,ps1} are checked in (`npm run completions` rewrites them; test/unit/completions.test.ts
// fails when they drift); the natsx copies differ only in the program name, so the build writes them (scripts/build.mjs)
// instead of a second checked-in copy of the same ~100 KB per shell.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("..", import.meta.url);
/** Each shell, and the suffix of its script in completions/ (as SHELL_SUFFIX in src/commands/completion.ts). */
export const SHELLS = { bash: "bash", zsh: "zsh", fish: "fish", powershell: "ps1" };

/** Writes completions/<prog>.<shell> for every shell with the built bin. */
export function writeCompletions(prog, { quiet = false } = {}) {
  mkdirSync(new URL("completions/", root), { recursive: true });
  for (const [shell, suffix] of Object.entries(SHELLS)) {
    const text = execFileSync(process.execPath, ["bin/nats.cjs", "completion", shell, "--program", prog], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    writeFileSync(new URL(`completions/${prog}.${suffix}`, root), text);
    if (!quiet) console.log(`wrote completions/${prog}.${suffix}`);
  }
}

// `npm run completions`: build (which writes the natsx copies), then the checked-in nats ones
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
  writeCompletions("nats");
}
