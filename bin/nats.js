#!/usr/bin/env node
// The `nats` and `natsx` binaries: run the bundled CLI and set the exit code (never process.exit: it cuts piped output).
import { run } from "../dist/cli.js";

process.exitCode = await run(process.argv.slice(2));
