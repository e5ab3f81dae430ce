import { Command } from "commander";
import * as path from "node:path";
import type { Deps } from "../../deps.js";
import { usageError } from "../../errors.js";
import { canPrompt, pick } from "../../output/prompt.js";
import { collect } from "../../util/flags.js";
import type { BundleEnv } from "../../scaffold/bundle.js";

export interface ServerGenerateOptions {
  source?: string;
  set?: string[];
  defaults?: boolean;
}

/** The outcome: the files written (relative to the target) and the bundle's closing text. */
export interface ServerGenerateResult {
  files: string[];
}

const INTRO = [
  "This tool generates NATS Server configurations based on a question and answer",
  "form-based approach and then renders the result into a directory.",
  "",
  "It supports rendering local bundles compiled into the 'nats' command but can also",
  "fetch and render remote ones using a URL.",
  "",
].join("\n");

/** --set KEY=VALUE answers by key; the last one given for a key wins. */
function parseSets(sets: string[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of sets ?? []) {
    const i = s.indexOf("=");
    const key = i < 0 ? "" : s.slice(0, i).trim();
    if (!key) throw usageError(`--set ${JSON.stringify(s)} is not KEY=VALUE`, "e.g. --set clusters=2 --set jetstream.store_dir=/data");
    m.set(key, s.slice(i + 1));
  }
  return m;
}

/**
 * Renders a configuration bundle into a new directory: picks the bundle (the list on a terminal, or --source),
 * answers its questions (terminal, --set, --defaults), writes every file at once, then prints what was made and
 * what to do next. Passwords land only in the files.
 */
export async function serverGenerate(deps: Deps, target: string, o: ServerGenerateOptions): Promise<ServerGenerateResult> {
  if (!target.trim()) throw usageError("the target directory cannot be empty");
  const { checkTargetFree, writeTree } = await import("../../scaffold/write.js");
  const { EMBEDDED_BUNDLES } = await import("../../scaffold/embedded.js");
  const { answerForm } = await import("../../scaffold/form.js");
  const { mask } = await import("../../redact.js");
  const abs = path.resolve(deps.cwd, target);
  await checkTargetFree(abs, target);
  const preset = parseSets(o.set);
  const interactive = canPrompt(deps.io);
  const out = deps.io.out;
  if (interactive) out.write(`${INTRO}\n`);

  const embeddedNames = EMBEDDED_BUNDLES.map((b) => `fs:///${b.name}`).join(", ");
  let source = o.source ?? "";
  if (!source) {
    if (!interactive) throw usageError("no template chosen and no terminal to pick one", `pass --source with one of ${embeddedNames}, a directory, a zip file or a URL`);
    const byTitle = [...EMBEDDED_BUNDLES].sort((a, b) => a.title.localeCompare(b.title));
    source = `fs:///${await pick(deps.io, "Select a template", byTitle.map((b) => ({ value: b.name, label: b.title })))}`;
  }
  const { loadBundle } = await import("../../scaffold/load.js");
  const bundle = await loadBundle(source, { embedded: EMBEDDED_BUNDLES, embeddedNames, cwd: deps.cwd, signal: deps.signal });

  const env: BundleEnv = { target, source: o.source ?? "", secrets: [] };
  if (bundle.requiresOperator) env.operator = await (await import("../../scaffold/operator.js")).bundleOperator(deps);
  let answers: Record<string, unknown> = {};
  if (bundle.form) {
    const a = await answerForm(deps.io, bundle.form, { interactive, preset, defaults: o.defaults === true });
    answers = a.values;
    env.secrets.push(...a.secrets);
  } else if (preset.size) {
    throw usageError("this template asks no questions: --set has nothing to answer");
  }
  // a bundle's own texts may quote any answer: never let a secret through to the terminal
  const scrub = (t: string) => env.secrets.reduce((s, secret) => (secret ? s.split(secret).join(mask(secret)) : s), t);
  if (interactive) out.write("\n");
  if (bundle.before) out.write(`${scrub(await bundle.before(answers, env)).trimEnd()}\n\n`);
  const rendered = await bundle.render(answers, env);
  const files = await writeTree(abs, target, rendered);
  for (const f of files) out.write(`Created ${path.join(target, f)}\n`);
  if (bundle.after) out.write(`\n${scrub(await bundle.after(answers, env)).trimEnd()}\n`);
  return { files };
}

/** `nats server generate TARGET` (gen): generates server configurations from a question and answer form. */
export function serverGenerateCommand(deps: Deps): Command {
  return new Command("generate").alias("gen")
    .description("Generate server configurations")
    .argument("<target>", "Write the output to a specific location (a directory that does not exist yet)")
    .option("--source <source>", "Fetch the configuration bundle from a file or URL (fs:///NAME for a built-in template)")
    .option("--set <key=value>", "Answer a question of the template without asking (repeatable; dotted keys for grouped questions)", collect)
    .option("--defaults", "Without a terminal, take the default answer of every question --set does not answer")
    .addHelpText("after", [
      "",
      "Built-in templates (--source):",
      "  fs:///operator           'nats auth' managed NATS Server configuration",
      "  fs:///operatork8s        'nats auth' managed NATS Cluster in Kubernetes",
      "  fs:///natsbuilder        Development Super Cluster using Docker Compose",
      "  fs:///ngsleafnodeconfig  Synadia Cloud Leafnode Configuration",
      "",
      "Examples:",
      "  nats server generate ./cluster                      # pick a template and answer its questions",
      "  nats server generate ./dev --source fs:///natsbuilder --defaults --set clusters=2 --set members=3",
      "  nats server generate ./leaf --source fs:///ngsleafnodeconfig --defaults --set jetstream=true",
      "  nats server generate ./srv --source fs:///operator --defaults --set server_name=n1 --set jetstream.store_dir=/data/js",
      "",
    ].join("\n"))
    .action(async (target: string, o: ServerGenerateOptions) => { await serverGenerate(deps, target, o); });
}
