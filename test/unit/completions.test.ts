import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, cliError } from "../helpers/run-cli.js";

// The checked-in scripts must match what the current command tree generates; regenerate with `npm run completions`.
describe("checked-in completions", () => {
  for (const prog of ["nats", "natsx"]) {
    for (const shell of ["bash", "zsh", "fish"]) {
      it(`completions/${prog}.${shell} is up to date (run \`npm run completions\` if not)`, async () => {
        const r = await runCli(["completion", shell, "--program", prog]);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe("");
        const checkedIn = readFileSync(new URL(`../../completions/${prog}.${shell}`, import.meta.url), "utf8");
        expect(r.stdout === checkedIn, `completions/${prog}.${shell} drifted from the command tree: run \`npm run completions\``).toBe(true);
      });
    }
  }

  it("rejects an unknown shell", async () => {
    const r = await runCli(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(cliError('unsupported shell "tcsh" — use bash, zsh or fish\n'));
  });

  it("covers every top-level command and the context verbs with their aliases", async () => {
    const r = await runCli(["completion", "bash"]);
    for (const w of ["'|context'|'|ctx'", "'context|add'|'context|create'|'context|save'", "'context|previous'|'context|-'", "'|completion'"]) expect(r.stdout).toContain(w);
  });
});
