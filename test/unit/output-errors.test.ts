import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/errors.js";
import { makeIo } from "../../src/output/io.js";
import { errorLine, printAsyncError, printError, printNotice } from "../../src/output/errors.js";
import { cliError } from "../helpers/run-cli.js";

// src/output/errors.ts is the one place errors reach stderr; these pin its three forms.
function capture() {
  const err = new PassThrough();
  let text = "";
  err.on("data", (d) => { text += String(d); });
  const io = makeIo({ in: new PassThrough(), out: new PassThrough(), err }, { in: false, out: false, err: false }, { NO_COLOR: "1" });
  return { io, text: () => text };
}

describe("the error-printing path", () => {
  it("prints a failure as natscli's one line, the hint after an em dash, and the stack only when debugging", () => {
    const e = new CliError("stream not found", { hint: "list them with `nats stream ls`" });
    const quiet = capture();
    printError(quiet.io, e, false);
    expect(quiet.text()).toBe(cliError("stream not found — list them with `nats stream ls`\n"));
    const debug = capture();
    printError(debug.io, e, true);
    expect(`${debug.text().split("\n")[0]}\n`).toBe(cliError("stream not found — list them with `nats stream ls`\n"));
    expect(debug.text()).toMatch(/\n\s+at /);
  });

  it("escapes control characters in a message instead of writing them to the terminal", () => {
    expect(errorLine(new CliError("bad\u001b[31mred"))).toBe(cliError("bad\\u001b[31mred\n"));
  });

  it("logs a running connection's error through explain(), secrets scrubbed, in natscli's log form", () => {
    const c = capture();
    const at = new Date(2024, 0, 2, 3, 4, 5).getTime();
    printAsyncError(c.io, at, Object.assign(new Error("Permissions Violation for Publish to \"x.hunter2\""), { name: "PermissionViolationError", operation: "publish", subject: "x.hunter2" }), ["hunter2"]);
    expect(c.text()).toBe('03:04:05 >>> NATS error: permission denied: publish to "x.*****" is not allowed for this user\n');
  });

  it("writes notices with the program's prefix", () => {
    const c = capture();
    printNotice(c.io, "warning: 1 of 3 server(s) did not answer");
    expect(c.text()).toBe("nats: warning: 1 of 3 server(s) did not answer\n");
  });
});
