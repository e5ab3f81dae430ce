import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { loadSchema } from "./shared.js";

export interface SchemaInfoOptions { yaml?: boolean }

/** `schema info ID` (`show`, `view`): the schema document, as JSON or YAML. */
export function schemaInfoCommand(deps: Deps): Command {
  return new Command("info").aliases(["show", "view"]).description("Display schema contents")
    .argument("<schema>", "Schema ID to show")
    .option("--yaml", "Produce YAML format output")
    .addHelpText("after", "\nExamples:\n  nats schema info io.nats.jetstream.api.v1.stream_configuration\n  nats schema show io.nats.micro.v1.info_response --yaml\n")
    .action(async (id: string, o: SchemaInfoOptions) => {
      await schemaInfo(deps, id, o);
    });
}

/** Prints the schema document for `id`. */
export async function schemaInfo(deps: Deps, id: string, o: SchemaInfoOptions): Promise<Record<string, unknown>> {
  const doc = loadSchema(id);
  if (o.yaml) {
    // yaml is kept out of the bundle (scripts/build.mjs): loaded for --yaml only
    const { stringify } = await import("yaml");
    deps.io.out.write(stringify(doc));
  } else {
    deps.io.out.write(`${JSON.stringify(doc, null, 2)}\n`);
  }
  return doc;
}
