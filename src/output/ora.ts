// ora, re-exported so the build can make it a file of its own (dist/ora.cjs, like output/inquirer.ts): output/spinner.ts
// loads it only when a wait on a terminal passed its delay, so no bundle carries it and `nats req` (the lite bundle)
// can show a spinner without reading ora at every start-up.
export { default as ora } from "ora";
