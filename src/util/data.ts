import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

let dataDir: string | undefined;

/**
 * The package's data/ directory (vendored NATS data: error codes, schemas, cheat sheets; see data/NOTICE), found
 * from this module's file: dist/nats.cjs in the bundle, src/util/data.ts when run from source.
 */
export function dataPath(...parts: string[]): string {
  if (!dataDir) {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 4 && !existsSync(path.join(dir, "data", "SOURCES.json")); i++) dir = path.dirname(dir);
    dataDir = path.join(dir, "data");
  }
  return path.join(dataDir, ...parts);
}

/** A vendored JSON document from data/. */
export function readData<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(dataPath(...parts), "utf8")) as T;
}

/** Where a vendored data set came from (data/SOURCES.json). */
export interface DataSource { repository: string; path: string; ref: string; commit: string; count: number }

/** The provenance of the data sets: `server_errors`, `schemas`, `cheats`. */
export function dataSources(): Record<string, DataSource> {
  return readData<Record<string, DataSource>>("SOURCES.json");
}
