// The prompts natsx asks with, re-exported from @inquirer/prompts so the bundler keeps only these four (not its
// editor and the encodings that come with it). The build makes this module a file of its own (dist/inquirer.cjs),
// which output/prompt.ts loads on a terminal only: the bundle every command reads at start-up does not carry it.
export { confirm, input, password, select } from "@inquirer/prompts";
