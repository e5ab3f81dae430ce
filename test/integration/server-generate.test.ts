import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { decode } from "@nats-io/jwt";
import { parse as parseYaml } from "yaml";
import { authSandbox } from "../helpers/auth-store.js";
import { natsServerBin, startNatsServer } from "../helpers/nats-server.js";
import { cliError, runCli, withoutControls } from "../helpers/run-cli.js";
import { scratchDir } from "../helpers/scratch.js";
import { terminal } from "../helpers/tmux.js";

/** Every file under dir, relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk("");
  return out.sort();
}

/** `nats-server -c FILE -t`: the server's own verdict on a configuration file. */
function serverTest(file: string, env: Record<string, string> = {}) {
  const r = spawnSync(natsServerBin(), ["-c", file, "-t"], { cwd: path.dirname(file), env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr };
}

const mode = (f: string) => statSync(f).mode & 0o777;

describe("server generate: built-in templates without a terminal", () => {
  it("renders the Docker Compose super cluster, with a generated password only in the files", async () => {
    const cwd = scratchDir("natsx-gen-");
    const r = await runCli(["server", "generate", "dev", "--source", "fs:///natsbuilder", "--defaults", "--set", "clusters=2", "--set", "members=2", "--set", "port=20000"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const dir = path.join(cwd, "dev");
    expect(tree(dir)).toEqual([
      "cli/context.txt", "cli/context/c1.json", "cli/context/c2.json", "cli/context/system.json", "cli/context/system_c1.json",
      "cli/context/system_c2.json", "cli/context/user.json", "cluster.conf", "docker-compose.yaml",
    ]);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("Created "))).toEqual(tree(dir).map((f) => `Created dev/${f}`));
    const user = JSON.parse(readFileSync(path.join(dir, "cli/context/user.json"), "utf8"));
    expect(user).toEqual({ description: "NATS User Account", url: "nats://n1.c1.nats.internal:4222,nats://n2.c1.nats.internal:4222", user: "user", password: expect.stringMatching(/^[A-Za-z0-9]{24}$/), color_scheme: "green" });
    const password = user.password as string;
    expect(r.stdout).not.toContain(password);
    expect(r.stdout).toContain('System Password: user "system", password in cluster.conf and cli/context/system.json');
    expect(r.stdout).toMatch(/Port Configuration:\n\n {2}n1\.c1\.nats\.internal:20000\n {2}n2\.c1\.nats\.internal:20001\n {2}n1\.c2\.nats\.internal:20100\n {2}n2\.c2\.nats\.internal:20101\n/);
    expect(readFileSync(path.join(dir, "cli/context.txt"), "utf8")).toBe("user");
    expect(JSON.parse(readFileSync(path.join(dir, "cli/context/system_c2.json"), "utf8"))).toMatchObject({ user: "system", password, url: "nats://n1.c2.nats.internal:4222,nats://n2.c2.nats.internal:4222" });
    expect(mode(path.join(dir, "cluster.conf"))).toBe(0o600);
    expect(mode(path.join(dir, "cli/context/user.json"))).toBe(0o600);
    expect(mode(path.join(dir, "docker-compose.yaml"))).toBe(0o644);
    const compose = readFileSync(path.join(dir, "docker-compose.yaml"), "utf8");
    expect(compose).toContain("  n2.c2.nats.internal:\n    dns_search: c2.nats.internal\n    image: nats:latest\n");
    expect(compose).toContain("      - 20101:4222\n");
    expect(compose).not.toContain(password);

    // the server's own check, with the variables docker-compose sets
    const conf = path.join(dir, "cluster.conf");
    const t = serverTest(conf, { NAME: "n1.c1", GATEWAY: "c1", ADVERTISE: "n1.c1.nats.internal:20000" });
    expect(t.stderr).toContain("is valid");
    expect(t.code).toBe(0);

    // and a running server: its accounts, users and JetStream as generated (the routes and gateways name hosts
    // that exist only inside docker, so this copy drops them; ports are random, JetStream data in a temp dir)
    const text = readFileSync(conf, "utf8")
      .replace(/\ncluster \{[\s\S]*?\n\}\n/, "\n").replace(/\ngateway \{[\s\S]*?\n\}\n/, "\n")
      .replace(/^(port|monitor_port): \d+$/gm, "").replace("store_dir: /data", `store_dir: ${JSON.stringify(path.join(cwd, "js"))}`)
      .replace(/\$NAME/g, "n1.c1").replace(/\$GATEWAY/g, "c1").replace(/\$ADVERTISE/g, "127.0.0.1:4");
    await using server = await startNatsServer({ config: text });
    const asUser = await runCli(["account", "info", "-s", server.url, "--user", "user", "--password", password, "--json"]);
    expect(asUser.code).toBe(0);
    expect(JSON.parse(asUser.stdout)).toMatchObject({ jetstream: expect.anything(), jetstream_unavailable: null });
    const asSystem = await runCli(["server", "list", "-s", server.url, "--user", "system", "--password", password, "--json"]);
    expect(asSystem.code).toBe(0);
    expect(JSON.parse(asSystem.stdout).map((s: { server: { name: string } }) => s.server.name)).toEqual(["n1.c1"]);
    const wrong = await runCli(["pub", "x", "y", "-s", server.url, "--user", "user", "--password", "not-it"]);
    expect(wrong.code).toBe(4);
  });

  it("renders the Synadia Cloud leafnode, JetStream only when asked", async () => {
    const cwd = scratchDir("natsx-gen-");
    const r = await runCli(["server", "generate", "leaf", "--source", "fs:///ngsleafnodeconfig", "--defaults", "--set", "jetstream=yes", "--set", "jetstream_domain=EDGE", "--set", "credentials=/etc/nats/ngs.creds"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      "Created leaf/leafnode.conf",
      "",
      "A NATS Server Leafnode configuration was written in leaf/leafnode.conf",
      "",
      "   Credentials: /etc/nats/ngs.creds",
      "   Client Port: 4222",
      '     JetStream: yes storage in "data"',
      "",
      'Store your Synadia Cloud credentials in "/etc/nats/ngs.creds" and run:',
      "",
      "   nats-server --config leafnode.conf",
      "",
    ].join("\n"));
    const conf = readFileSync(path.join(cwd, "leaf/leafnode.conf"), "utf8");
    expect(conf).toContain('jetstream {\n    store_dir: "data"\n    domain: "EDGE"\n}');
    expect(conf).toContain('credentials: "/etc/nats/ngs.creds"');
    expect(conf).not.toContain("monitor_port");
    expect(serverTest(path.join(cwd, "leaf/leafnode.conf")).code).toBe(0);

    const plain = await runCli(["server", "generate", "plain", "--source", "fs:///ngsleafnodeconfig", "--defaults", "--set", "monitor_port=8222"], { cwd });
    expect(plain.code).toBe(0);
    const p = readFileSync(path.join(cwd, "plain/leafnode.conf"), "utf8");
    expect(p).not.toContain("jetstream");
    expect(p).toContain("monitor_port: 8222");
    expect(serverTest(path.join(cwd, "plain/leafnode.conf")).code).toBe(0);
  });

  it("lists every unanswered question in one line and writes nothing", async () => {
    const cwd = scratchDir("natsx-gen-");
    const r = await runCli(["server", "generate", "leaf", "--source", "fs:///ngsleafnodeconfig", "--set", "port=4333"], { cwd });
    expect(r).toEqual({ code: 2, stdout: "", stderr: `${cliError("no terminal to ask the questions: answer monitor_port, jetstream, credentials with --set KEY=VALUE — or pass --defaults to take the default answers")}\n` });
    expect(existsSync(path.join(cwd, "leaf"))).toBe(false);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("needs a template without a terminal", async () => {
    const cwd = scratchDir("natsx-gen-");
    const r = await runCli(["server", "generate", "x"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(cliError(/^no template chosen and no terminal to pick one — pass --source with one of fs:\/\/\/operator, .*a directory, a zip file or a URL\n$/));
  });

  it("refuses bad input with one line and no files", async () => {
    const cwd = scratchDir("natsx-gen-");
    mkdirSync(path.join(cwd, "taken"));
    writeFileSync(path.join(cwd, "file"), "mine");
    const cases: [string[], number, string | RegExp][] = [
      [["taken", "--source", "fs:///natsbuilder", "--defaults"], 8, "target directory taken already exist — choose a directory that does not exist yet"],
      [["file", "--source", "fs:///natsbuilder", "--defaults"], 8, "target directory file already exist — choose a directory that does not exist yet"],
      [["", "--source", "fs:///natsbuilder"], 2, "the target directory cannot be empty"],
      [["n", "--source", "fs:///nope"], 2, /^no built-in template "nope" — built-in templates: fs:\/\/\/operator, fs:\/\/\/operatork8s, fs:\/\/\/natsbuilder, /],
      [["n", "--source", "ftp://example.invalid/b.zip"], 2, "cannot fetch a bundle over ftp: use http, https, a directory or a ZIP file"],
      [["n", "--source", "missing-dir"], 2, "cannot read the bundle missing-dir: no such file or directory"],
      [["n", "--source", "http://127.0.0.1:1/b.zip"], 3, "could not fetch the bundle from http://127.0.0.1:1/b.zip: bad port"],
      [["n", "--source", "fs:///natsbuilder", "--defaults", "--set", "clusters=two"], 2, '--set clusters: "two" is not a whole number'],
      [["n", "--source", "fs:///natsbuilder", "--defaults", "--set", "clusters=0"], 2, "--set clusters: validation did not pass: value >= 1 && value <= 50"],
      [["n", "--source", "fs:///natsbuilder", "--defaults", "--set", "domain=a;rm -rf"], 2, "--set domain: validation did not pass: isShellSafe(value)"],
      [["n", "--source", "fs:///natsbuilder", "--defaults", "--set", "jetstream=maybe"], 2, '--set jetstream: "maybe" is not true or false'],
      [["n", "--source", "fs:///natsbuilder", "--defaults", "--set", "cluster=2"], 2, /^unknown question "cluster" in --set — this template asks: data, domain, /],
      [["n", "--source", "fs:///natsbuilder", "--set", "novalue"], 2, '--set "novalue" is not KEY=VALUE — e.g. --set clusters=2 --set jetstream.store_dir=/data'],
      [["n", "--source", "fs:///ngsleafnodeconfig", "--defaults", "--set", "credentials="], 2, "--set credentials: an answer is required"],
    ];
    for (const [args, code, err] of cases) {
      const r = await runCli(["server", "generate", ...args], { cwd });
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code, stdout: "" });
      if (typeof err === "string") expect(r.stderr).toBe(`${cliError(err)}\n`);
      else expect(r.stderr).toMatch(cliError(err));
      expect(r.stderr.split("\n")).toHaveLength(2);
    }
    expect(readdirSync(cwd).sort()).toEqual(["file", "taken"]);
    expect(readdirSync(path.join(cwd, "taken"))).toEqual([]);
    expect(readFileSync(path.join(cwd, "file"), "utf8")).toBe("mine");
  });

  it("has help with the built-in templates and examples", async () => {
    const r = await runCli(["server", "generate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: nats server generate|gen [options] <target>");
    expect(r.stdout).toContain("--source <source>");
    expect(r.stdout).toContain("--set <key=value>");
    expect(r.stdout).toMatch(/\nExamples:\n {2}nats server generate /);
  });
});

describe("server generate on a terminal", () => {
  it("offers the templates and asks the questions, defaults on empty answers", async () => {
    const cwd = scratchDir("natsx-gen-");
    // pick the leafnode template by typing its title's start, then: port, monitor port (default), JetStream yes,
    // store dir, domain (default), credentials (default)
    const typed = ["Synadia", "\n", "5222\n", "\n", "y\n", "js-data\n", "\n", "\n"];
    const r = await runCli(["server", "generate", "edge"], { cwd, tty: { in: true, out: true }, typed });
    const screen = withoutControls(r.stdout);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("This tool generates NATS Server configurations based on a question and answer");
    // a select of the templates' titles
    expect(screen).toMatch(/^\? Select a template\n(. .*\n)*. Development Super Cluster using Docker Compose\n/m);
    expect(screen).toContain("✔ Select a template Synadia Cloud Leafnode Configuration");
    expect(r.stdout).toContain("Generates configuration to connect a Leafnode to the Synadia Cloud");
    expect(screen).toContain("The port clients connect to\n? port (4222)");
    expect(screen).toContain("✔ port 5222");
    expect(screen).toContain("✔ jetstream? Yes");
    expect(r.stdout).toContain("Created edge/leafnode.conf\n");
    const conf = readFileSync(path.join(cwd, "edge/leafnode.conf"), "utf8");
    expect(conf).toContain("listen: 0.0.0.0:5222\n");
    expect(conf).toContain('store_dir: "js-data"\n    domain: "LEAF"');
    expect(conf).toContain('credentials: "ngs.creds"');
    expect(conf).not.toContain("monitor_port");
    expect(serverTest(path.join(cwd, "edge/leafnode.conf")).code).toBe(0);
  });

  it("hides a typed password on a real terminal, uses it, and goes on with the next question", async () => {
    const dir = scratchDir("natsx-gen-");
    const target = path.join(dir, "dev");
    const presets = ["data=./d", "domain=nats.test", "image=nats:2.9", "clusters=1", "members=1", "port=30000"].flatMap((s) => ["--set", s]);
    const t = terminal(["server", "generate", target, "--source", "fs:///natsbuilder", ...presets], { columns: 120, rows: 50 });
    try {
      // a question before the password and one after it: the hidden answer must not reach either
      await t.waitFor("configPath");
      t.keys("/etc/nats.conf", "Enter");
      await t.waitFor("password (empty generates one)");
      t.keys("typed-Secret-42", "Enter");
      await t.waitFor("jetstream");
      t.keys("n", "Enter");
      await t.waitFor(/mount/);
      t.keys("Enter");
      const screen = await t.waitFor(/EXIT=\d+/);
      expect(screen).toContain("EXIT=0");
      expect(screen).toContain("JetStream: no");
      expect(screen).not.toContain("typed-Secret-42");
    } finally {
      t.close();
    }
    const conf = readFileSync(path.join(target, "cluster.conf"), "utf8");
    expect(conf).toContain('{user: system, password: "typed-Secret-42"}');
    expect(conf).not.toContain("jetstream");
    expect(readFileSync(path.join(target, "docker-compose.yaml"), "utf8")).toContain("      - ./cluster.conf:/etc/nats.conf\n");
  });

  it("asks again after an invalid answer, and gives up after three", async () => {
    const cwd = scratchDir("natsx-gen-");
    const ok = await runCli(["server", "generate", "a", "--source", "fs:///ngsleafnodeconfig", "--set", "monitor_port=0", "--set", "jetstream=false", "--set", "credentials=x.creds"], { cwd, tty: { in: true, out: true }, typed: ["abc\n", "6222\n"] });
    expect(ok.code).toBe(0);
    expect(withoutControls(ok.stdout)).toContain('X Sorry, your reply was invalid: "abc" is not a whole number\n? port (4222)');
    expect(readFileSync(path.join(cwd, "a/leafnode.conf"), "utf8")).toContain("listen: 0.0.0.0:6222\n");
    const bad = await runCli(["server", "generate", "b", "--source", "fs:///ngsleafnodeconfig"], { cwd, tty: { in: true, out: true }, typed: ["x\n", "y\n", "z\n"] });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`${cliError('no valid answer for port: "z" is not a whole number')}\n`);
    expect(existsSync(path.join(cwd, "b"))).toBe(false);
  });
});

describe("server generate --source bundles (natscli's bundle format)", () => {
  const servers: Server[] = [];
  afterAll(async () => { await Promise.all(servers.map((s) => new Promise((r) => s.close(r)))); });

  /** Serves bytes over HTTP on 127.0.0.1, as natscli's serveBundleZip does. */
  async function serve(body: Uint8Array, status = 200): Promise<string> {
    const s = createServer((_req, res) => { res.writeHead(status, { "content-type": "application/zip" }); res.end(Buffer.from(body)); });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  it("renders natscli's TestServerGenerate bundle fetched from a URL", async () => {
    // the zip natscli's test serves: bundle.yaml, scaffold.json and two templates under scaffold/
    const zip = zipSync({
      "scaffold/": new Uint8Array(),
      "bundle.yaml": strToU8("description: Test bundle for unit test\ncontact: test@example.com\nsource: http://example.com\nversion: 1.0.0\nrequires:\n  operator: false\n"),
      "scaffold.json": strToU8('{"source_directory": "scaffold"}'),
      "scaffold/README.md": strToU8("Generated by {{ .Contact }}"),
      "scaffold/config.yaml": strToU8("jetstream: true\nserver_name: scaffolded-nats\nport: 4222\n"),
    });
    const url = await serve(zip);
    const cwd = scratchDir("natsx-gen-");
    const r = await runCli(["server", "generate", path.join(cwd, "test"), "--source", url], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(tree(path.join(cwd, "test"))).toEqual(["README.md", "config.yaml"]);
    // Go's text/template prints a missing map key as <no value>
    expect(readFileSync(path.join(cwd, "test/README.md"), "utf8")).toBe("Generated by <no value>");
    expect(readFileSync(path.join(cwd, "test/config.yaml"), "utf8")).toBe("jetstream: true\nserver_name: scaffolded-nats\nport: 4222\n");

    const missing = await runCli(["server", "generate", "t2", "--source", await serve(new Uint8Array(), 404)], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(cliError(/^could not fetch the bundle from http:\/\/127\.0\.0\.1:\d+\/: HTTP 404 Not Found\n$/));
    const insecure = await runCli(["server", "generate", "t3", "--source", await serve(zipSync({ "bundle.yaml": strToU8("description: x"), "../evil": strToU8("x") }))], { cwd });
    expect(insecure).toEqual({ code: 1, stdout: "", stderr: `${cliError("insecure paths found in archive")}\n` });
    expect(existsSync(path.join(cwd, "evil"))).toBe(false);
  });

  it("asks a directory bundle's form and renders its Go templates: variables, range, write, partials, post text", async () => {
    const cwd = scratchDir("natsx-gen-");
    const b = path.join(cwd, "bundle");
    mkdirSync(path.join(b, "scaffold", "_partials"), { recursive: true });
    mkdirSync(path.join(b, "scaffold", "extra"), { recursive: true });
    writeFileSync(path.join(b, "bundle.yaml"), [
      "description: A small cluster",
      "post_scaffold: |",
      "  {{ .servers }} servers named {{ .name }}, JetStream {{ if .js.enabled }}in {{ .js.dir }}{{ else }}off{{ end }}; secret {{ .secret }}",
    ].join("\n"));
    writeFileSync(path.join(b, "scaffold.json"), "{}");
    writeFileSync(path.join(b, "form.yaml"), [
      "name: small",
      "description: Small cluster",
      "properties:",
      "  - name: name",
      "    description: Cluster name",
      "    required: true",
      "    validation: isShellSafe(value)",
      "  - name: servers",
      "    type: integer",
      "    default: 3",
      "  - name: secret",
      "    type: password",
      "  - name: js",
      "    description: JetStream",
      "    properties:",
      "      - name: enabled",
      "        type: bool",
      "        default: true",
      "      - name: dir",
      "        conditional: input.js.enabled == true",
      "        default: /data",
      "  - name: tags",
      "    type: array",
      "    empty: absent",
    ].join("\n"));
    writeFileSync(path.join(b, "scaffold", "server.conf"), [
      "{{- $name := .name -}}",
      "{{- range $i := .servers | seq | split \" \" }}",
      "# server {{ $name }}-{{ $i }} port {{ add 4221 $i }}",
      "{{- end }}",
      "authorization { password: {{ .secret | quote }} }",
      "{{ if .js.enabled }}jetstream { store_dir: {{ .js.dir | quote }} }{{ end }}",
      "tags: {{ with .tags }}{{ join \",\" . }}{{ else }}none{{ end }}",
      "{{/* a comment */ -}}",
      "{{ render \"_partials/footer.txt\" (dict \"who\" $name) }}",
    ].join("\n"));
    writeFileSync(path.join(b, "scaffold", "_partials", "footer.txt"), "# made for {{ .who | upper }}");
    writeFileSync(path.join(b, "scaffold", "extra", "empty.txt"), "{{ if false }}never{{ end }}\n");
    writeFileSync(path.join(b, "scaffold", "gen.got"), "{{ range $i, $v := list \"a\" \"b\" }}{{ write (printf \"nodes/%s.txt\" $v) (printf \"%d=%s\" $i $v) }}{{ end }}");

    const r = await runCli(["server", "generate", "out", "--source", "bundle", "--defaults", "--set", "name=prod", "--set", "servers=2", "--set", "secret=s3cr3t-value", "--set", "tags=a, b"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(tree(path.join(cwd, "out"))).toEqual(["nodes/a.txt", "nodes/b.txt", "server.conf"]);
    expect(readFileSync(path.join(cwd, "out/server.conf"), "utf8")).toBe([
      "",
      "# server prod-1 port 4222",
      "# server prod-2 port 4223",
      'authorization { password: "s3cr3t-value" }',
      'jetstream { store_dir: "/data" }',
      "tags: a,b",
      "# made for PROD",
    ].join("\n"));
    expect(mode(path.join(cwd, "out/server.conf"))).toBe(0o600);
    expect(readFileSync(path.join(cwd, "out/nodes/b.txt"), "utf8")).toBe("1=b");
    expect(r.stdout).toBe("Created out/nodes/a.txt\nCreated out/nodes/b.txt\nCreated out/server.conf\n\n2 servers named prod, JetStream in /data; secret ************\n");

    const off = await runCli(["server", "generate", "off", "--source", "bundle", "--defaults", "--set", "name=dev", "--set", "js.enabled=false", "--set", "secret=x"], { cwd });
    expect(off.code).toBe(0);
    expect(readFileSync(path.join(cwd, "off/server.conf"), "utf8")).toContain("\n\ntags: none\n");
    expect(off.stdout).toContain("3 servers named dev, JetStream off");

    const needName = await runCli(["server", "generate", "n", "--source", "bundle", "--defaults"], { cwd });
    expect(needName.stderr).toBe(`${cliError("no terminal to ask the questions: answer name with --set KEY=VALUE — they have no default")}\n`);

    writeFileSync(path.join(b, "scaffold", "broken.txt"), "{{ if .name }}unclosed");
    const broken = await runCli(["server", "generate", "br", "--source", "bundle", "--defaults", "--set", "name=x", "--set", "secret=y"], { cwd });
    expect(broken).toEqual({ code: 1, stdout: "", stderr: `${cliError("template: broken.txt: unexpected EOF")}\n` });
    expect(existsSync(path.join(cwd, "br"))).toBe(false);
  });
});

describe("server generate: the 'nats auth' operator templates", () => {
  const sub = (token: string) => (decode(token.trim()) as unknown as { sub: string }).sub;

  it("refuses without an operator in the store", async () => {
    const sb = authSandbox();
    const r = await sb.run(["server", "generate", "srv", "--source", "fs:///operator", "--defaults"]);
    expect(r).toEqual({ code: 7, stdout: "", stderr: `${cliError("no operator found — this template needs one: create it with `nats auth operator add NAME`")}\n` });
    expect(existsSync(sb.file("srv"))).toBe(false);
  });

  it("writes a server configuration the operator's users can connect to once their account is pushed", async () => {
    const sb = authSandbox();
    for (const args of [
      ["auth", "operator", "add", "ACME"],
      ["auth", "account", "add", "APP", "--defaults"],
      ["auth", "user", "add", "admin", "SYSTEM", "--defaults", "--credential", "admin.creds"],
      ["auth", "user", "add", "app1", "APP", "--defaults", "--credential", "app1.creds"],
    ]) expect((await sb.run(args)).code).toBe(0);
    const js = sb.file("data", "js");
    const jwts = sb.file("data", "jwt");
    const r = await sb.run(["server", "generate", "srv", "--source", "fs:///operator", "--defaults", "--set", "server_name=gen-1", "--set", "address=127.0.0.1",
      "--set", "port=-1", "--set", "monitor_port=-1", "--set", `jetstream.store_dir=${js}`, "--set", "jetstream.max_mem=64MB", "--set", `resolver.dir=${jwts}`, "--set", "resolver.allow_delete=no"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created srv\/server.conf\n\nA NATS Server configuration for operator ACME was written in srv\/server.conf\n/);
    const opJwt = sb.jwt("ACME", "ACME.jwt").trim();
    const sysJwt = sb.jwt("ACME", "accounts", "SYSTEM", "SYSTEM.jwt").trim();
    expect(r.stdout).not.toContain(opJwt);
    const conf = readFileSync(sb.file("srv", "server.conf"), "utf8");
    expect(conf).toContain("# Generated NATS Server configuration operated by operator ACME\n");
    expect(conf).toContain('server_name: "gen-1"\n');
    expect(conf).toContain('listen: "127.0.0.1:-1"\n');
    expect(conf).toContain(`operator: ${opJwt}\n`);
    expect(conf).toContain(`system_account: ${sub(sysJwt)}\n`);
    expect(conf).toContain(`    // Account: SYSTEM\n    ${sub(sysJwt)}: ${sysJwt}\n`);
    expect(conf).toContain(`jetstream {\n    store_dir: ${JSON.stringify(js)}\n    max_mem: 64MB\n    max_file: -1\n}`);
    expect(conf).toContain(`resolver {\n    type: full\n    dir: ${JSON.stringify(jwts)}\n    allow_delete: false\n    interval: "2m"\n    limit: 1000\n}`);
    expect(serverTest(sb.file("srv", "server.conf")).code).toBe(0);

    // the generated file as it is (the test helper adds only -a 127.0.0.1 -p -1 and a ports file)
    await using server = await startNatsServer({ config: conf });
    const creds = (f: string) => ["--creds", sb.file(f), "-s", server.url];
    const list = await sb.run(["server", "list", "--json", ...creds("admin.creds")]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { server: { name: string } }) => s.server.name)).toEqual(["gen-1"]);
    expect((await sb.run(["pub", "x", "y", ...creds("app1.creds")])).code).toBe(4);
    const push = await sb.run(["auth", "account", "push", "APP", ...creds("admin.creds")]);
    expect(push.code).toBe(0);
    expect((await sb.run(["pub", "x", "y", ...creds("app1.creds")])).code).toBe(0);
    expect(existsSync(path.join(jwts, `${sub(sb.jwt("ACME", "accounts", "APP", "APP.jwt"))}.jwt`))).toBe(true);

    for (const [set, err] of [
      ["address=localhost", "--set address: validation did not pass: isIP(value)"],
      ["jetstream.max_mem=lots", "--set jetstream.max_mem: validation did not pass: isSize(value)"],
      ["server_name=a;b", "--set server_name: validation did not pass: isShellSafe(value)"],
    ]) {
      const bad = await sb.run(["server", "generate", "bad", "--source", "fs:///operator", "--defaults", "--set", set!]);
      expect(bad).toEqual({ code: 2, stdout: "", stderr: `${cliError(err!)}\n` });
    }
    expect(existsSync(sb.file("bad"))).toBe(false);
  });

  it("asks the grouped questions on a terminal and skips JetStream's when it is turned off", async () => {
    const sb = authSandbox();
    expect((await sb.run(["auth", "operator", "add", "ACME"])).code).toBe(0);
    // server_name, address, port, monitor_port, streams=no, then the resolver group: dir, allow_delete, limit
    const typed = ["edge-1\n", "127.0.0.1\n", "\n", "\n", "n\n", "/srv/jwt\n", "\n", "50\n"];
    const r = await sb.run(["server", "generate", "tty", "--source", "fs:///operator"], { tty: { in: true, out: true }, typed });
    const screen = withoutControls(r.stdout);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Operator Managed NATS Server\n");
    expect(screen).toContain("✔ streams? No");
    expect(r.stdout).not.toContain("JetStream configuration");
    expect(r.stdout).toContain("NATS Resolver Configuration\n");
    expect(screen).toContain("? resolver.dir (/var/lib/nats/resolver)");
    const conf = readFileSync(sb.file("tty", "server.conf"), "utf8");
    expect(conf).toContain('server_name: "edge-1"\n');
    expect(conf).toContain('listen: "127.0.0.1:4222"\n');
    expect(conf).toContain("monitor_port: 8222\n");
    expect(conf).not.toContain("jetstream");
    expect(conf).toContain('dir: "/srv/jwt"\n    allow_delete: true\n    interval: "2m"\n    limit: 50\n');
  });

  it("hands a --source bundle that requires an operator natscli's .Requirements.Operator", async () => {
    const sb = authSandbox();
    expect((await sb.run(["auth", "operator", "add", "ACME"])).code).toBe(0);
    mkdirSync(sb.file("b", "scaffold"), { recursive: true });
    writeFileSync(sb.file("b", "bundle.yaml"), "description: operator bundle\nrequires:\n  operator: true\n");
    writeFileSync(sb.file("b", "scaffold.json"), "{}");
    writeFileSync(sb.file("b", "scaffold", "op.conf"), "# {{ .Requirements.Operator.Name }}\noperator: {{ .Requirements.Operator.JWT }}\nsystem_account: {{ .Requirements.Operator.SystemAccount.Subject }} # {{ .Requirements.Operator.SystemAccount.Name }}\n");
    const r = await sb.run(["server", "generate", "out", "--source", "b"]);
    expect(r).toEqual({ code: 0, stdout: "Created out/op.conf\n", stderr: "" });
    const sysJwt = sb.jwt("ACME", "accounts", "SYSTEM", "SYSTEM.jwt").trim();
    expect(readFileSync(sb.file("out", "op.conf"), "utf8")).toBe(`# ACME\noperator: ${sb.jwt("ACME", "ACME.jwt").trim()}\nsystem_account: ${sub(sysJwt)} # SYSTEM\n`);
    const none = authSandbox();
    mkdirSync(none.file("b"), { recursive: true });
    for (const f of ["bundle.yaml", "scaffold.json"]) writeFileSync(none.file("b", f), readFileSync(sb.file("b", f)));
    mkdirSync(none.file("b", "scaffold"));
    writeFileSync(none.file("b", "scaffold", "op.conf"), "x");
    expect((await none.run(["server", "generate", "out", "--source", "b"])).code).toBe(7);
  });

  it("writes Helm values preloading the system account by its public key", async () => {
    const sb = authSandbox();
    expect((await sb.run(["auth", "operator", "add", "ACME"])).code).toBe(0);
    const r = await sb.run(["server", "generate", "k8s", "--source", "fs:///operatork8s", "--defaults", "--set", "replicas=5", "--set", "jetstream.storage=20Gi"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("helm upgrade --install nats nats/nats -f values.yaml");
    const sysJwt = sb.jwt("ACME", "accounts", "SYSTEM", "SYSTEM.jwt").trim();
    expect(parseYaml(readFileSync(sb.file("k8s", "values.yaml"), "utf8"))).toEqual({
      natsBox: { enabled: false },
      config: {
        cluster: { enabled: true, replicas: 5 },
        resolver: { enabled: true, merge: { type: "full", interval: "2m", timeout: "1.9s", allow_delete: true, limit: 1000 } },
        jetstream: { enabled: true, fileStore: { pvc: { size: "20Gi" } } },
        merge: { operator: sb.jwt("ACME", "ACME.jwt").trim(), system_account: sub(sysJwt), resolver_preload: { [sub(sysJwt)]: sysJwt } },
      },
    });
  });
});
