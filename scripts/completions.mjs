// `npm run completions`: builds the bin, then writes completions/{nats,natsx}.{bash,zsh,fish} from the
// full command tree (`nats completion SHELL --program NAME`). test/unit/completions.test.ts fails when they drift.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
mkdirSync(new URL("completions/", root), { recursive: true });
for (const prog of ["nats", "natsx"]) {
  for (const shell of ["bash", "zsh", "fish"]) {
    const text = execFileSync(process.execPath, ["bin/nats.cjs", "completion", shell, "--program", prog], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    writeFileSync(new URL(`completions/${prog}.${shell}`, root), text);
    console.log(`wrote completions/${prog}.${shell}`);
  }
}
