import { collect } from "../../../util/flags.js";
import { type Command, Option } from "commander";

/** Adds natscli's bucket create/edit flags (kv_command.go). No defaults, so edit can tell what was set. */
export function addBucketOptions(cmd: Command, mode: "add" | "edit"): Command {
  cmd
    .option("--description <text>", "A description for the bucket")
    .option("--history <n>", "How many historic values to keep per key (1..64)")
    .option("--ttl <duration>", "How long to keep values for (e.g. 1h, 1d; 0 = forever)")
    .option("--marker-ttl <duration>", "Enables per-key TTLs and delete markers with this TTL (nats-server 2.11+)")
    .option("--replicas <n>", "How many replicas of the data to store")
    .option("--max-value-size <bytes>", "Maximum size of any value (e.g. 1KB, 1MB)")
    .option("--max-bucket-size <bytes>", "Maximum size of the bucket (e.g. 1GB)")
    .option("--tags <tag>", "Place the bucket on servers that have specific tags (repeatable)", collect)
    .option("--cluster <name>", "Place the bucket on a specific cluster")
    .option("--compress", "Compress the bucket data (s2, nats-server 2.10+)")
    .option("--no-compress", "Do not compress the bucket data")
    .option("--metadata <key:value>", "Adds metadata to the bucket (repeatable, nats-server 2.10+)", collect)
    .option("--republish-source <subject>", "Republish messages to --republish-destination")
    .option("--republish-destination <subject>", "Republish destination for messages in --republish-source")
    .option("--republish-headers", "Republish only message headers, no bodies")
    .option("--source <bucket>", "Source from a different bucket (repeatable; nats-server 2.10+)", collect);
  if (mode === "add") {
    cmd
      .addOption(new Option("--storage <type>", "Storage backend to use").choices(["file", "f", "memory", "m"]))
      .option("--mirror <bucket>", "Creates a mirror of a different bucket")
      .option("--mirror-domain <domain>", "When mirroring find the bucket in a different domain");
  }
  return cmd;
}
