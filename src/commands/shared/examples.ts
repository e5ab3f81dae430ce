import type { Command } from "commander";

// Every leaf command's help ends with an "Examples:" block of command lines people can copy (natscli's cheats are the
// model); test/unit/help-examples.test.ts walks the whole tree and names any leaf without one.

/** The "Examples:" block of a help page: one command line per entry, a trailing `# comment` allowed. */
export function examplesText(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

/** Adds an "Examples:" block after a command's help. */
export function examples(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText("after", examplesText(...lines));
}
