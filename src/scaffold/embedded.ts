import { CliError } from "../errors.js";
import type { Bundle, RenderedFile } from "./bundle.js";

// The bundles natscli compiles into `nats server generate` (internal/scaffold/store), with the same questions and
// the same kind of files, written here as code. natsx differs where natscli would show or ship a secret: the
// Docker Compose bundle generates its password instead of defaulting to "s3cret", and no summary prints it.

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
const num = (v: unknown) => Number(v);

/** Docker Compose development super cluster (natscli's fs:///natsbuilder). */
const natsBuilder: Bundle = {
  description: "Generates development NATS clusters for Docker Compose",
  form: {
    name: "nats-cluster",
    description: [
      "Generate local development NATS Clusters for use with Docker Compose",
      "",
      "You will be asked for number of clusters and members per cluster, configuration",
      "for each node will be generated along with a Docker Compose configuration.",
      "",
      "The 'nats' command line will be setup with contexts for accessing the various",
      "clusters, system account and more.",
    ].join("\n"),
    properties: [
      { name: "data", description: "The directory to store data in", default: "./data" },
      { name: "domain", description: "The DNS domain to use for the network", default: "nats.internal", validation: "isShellSafe(value)" },
      { name: "image", description: "The docker image to use", default: "nats:latest" },
      { name: "clusters", description: "The number of clusters to create", type: "integer", default: "3", validation: "value >= 1 && value <= 50" },
      { name: "members", description: "The number of servers to create per cluster", type: "integer", default: "3", validation: "value >= 1 && value <= 50" },
      { name: "port", description: "The port used by the first server in the first cluster", type: "integer", default: "10000", validation: "value >= 1 && value <= 65000" },
      { name: "configPath", description: "The location in the docker container to mount the configuration", default: "/nats-server.conf" },
      { name: "password", description: "The password of the 'user' and 'system' accounts", type: "password", generate: true },
      { name: "jetstream", description: "Enables JetStream in the cluster", type: "bool", default: "true" },
      { name: "mount", description: "Mounts a specific directory into the containers" },
    ],
  },
  render(a) {
    const clusters = num(a.clusters);
    const members = num(a.members);
    const domain = str(a.domain);
    const password = str(a.password);
    const seq = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    const files: RenderedFile[] = [];

    const conf: string[] = [
      "port: 4222",
      "monitor_port: 8222",
      "server_name: $NAME",
      "client_advertise: $ADVERTISE",
      "",
      "server_tags: $GATEWAY",
    ];
    if (a.jetstream) conf.push("", "jetstream {", "  store_dir: /data", "}");
    conf.push("", "cluster {", "  port: 6222", "", "  routes = [");
    for (const n of seq(members)) conf.push(`    nats-route://n${n}:6222`);
    conf.push("  ]", "}", "", "gateway {", "  name: $GATEWAY", "  port: 7222", "", "  gateways: [");
    for (const c of seq(clusters)) {
      conf.push("    {", `      name: "c${c}"`, "      urls: [");
      for (const n of seq(members)) conf.push(`        "nats://n${n}.c${c}.${domain}:7222"`);
      conf.push("      ]", "    }");
    }
    conf.push("  ]", "}", "", "accounts {", "  users: {");
    if (a.jetstream) conf.push("    jetstream: enabled");
    conf.push(
      "    users = [", `      {user: user, password: "${password}"}`, "    ]", "  }", "",
      "  system: {", "    users = [", `      {user: system, password: "${password}"}`, "    ]", "  }", "}", "",
      "system_account: system", "",
    );
    files.push({ path: "cluster.conf", content: conf.join("\n"), secret: true });

    const mount = str(a.mount);
    const compose: string[] = [
      "services:",
      `  cli.${domain}:`,
      "    image: synadia/nats-server:nightly",
      `    dns_search: ${domain}`,
      "    entrypoint: /bin/sh",
      "    tty: true",
      "    networks:",
      "      - shared",
      "    volumes:",
      '      - "./cli:/root/.config/nats"',
      ...(mount ? [`      - ${mount}`] : []),
    ];
    for (const c of seq(clusters)) {
      for (const n of seq(members)) {
        const node = `n${n}.c${c}`;
        compose.push(
          `  ${node}.${domain}:`,
          `    dns_search: c${c}.${domain}`,
          `    image: ${str(a.image)}`,
          "    environment:",
          `      GATEWAY: c${c}`,
          `      NAME: ${node}`,
          `      ADVERTISE: ${node}.${domain}:${clientPort(a, c, n)}`,
          "    networks:",
          "      - shared",
          `      - nats-cluster${c}`,
          "    ports:",
          `      - ${clientPort(a, c, n)}:4222`,
          "    volumes:",
          `      - ./cluster.conf:${str(a.configPath)}`,
          `      - ${str(a.data)}/${node}:/data`,
          ...(mount ? [`      - ${mount}`] : []),
        );
      }
    }
    compose.push("", "networks:", ...seq(clusters).map((c) => `  nats-cluster${c}: {}`), "  shared: {}", "");
    files.push({ path: "docker-compose.yaml", content: compose.join("\n") });

    // contexts for the nats CLI in the cli container: one user and one system context per cluster, the first
    // cluster's also as "user" (selected) and "system"
    const context = (description: string, urls: string[], user: string, color: string) =>
      `${JSON.stringify({ description, url: urls.join(","), user, password, color_scheme: color }, null, 2)}\n`;
    files.push({ path: "cli/context.txt", content: "user" });
    for (const c of seq(clusters)) {
      const urls = seq(members).map((n) => `nats://n${n}.c${c}.${domain}:4222`);
      files.push(
        { path: `cli/context/c${c}.json`, content: context(`NATS User Account in Cluster c${c}`, urls, "user", "green"), secret: true },
        { path: `cli/context/system_c${c}.json`, content: context(`NATS System Account in Cluster c${c}`, urls, "system", "red"), secret: true },
      );
      if (c === 1) {
        files.push(
          { path: "cli/context/user.json", content: context("NATS User Account", urls, "user", "green"), secret: true },
          { path: "cli/context/system.json", content: context("NATS System Account", urls, "system", "red"), secret: true },
        );
      }
    }
    return files;
  },
  after(a) {
    const lines = [
      `Generated ${str(a.clusters)} NATS Cluster each with ${str(a.members)} servers`,
      "",
      `               JetStream: ${a.jetstream ? "yes" : "no"}`,
      `              DNS Domain: ${str(a.domain)}`,
      `            Docker Image: ${str(a.image)}`,
      ` Container Configuration: ${str(a.configPath)}`,
      // natscli prints the password here; natsx says where it is
      "         System Password: user \"system\", password in cluster.conf and cli/context/system.json",
      "           User Password: user \"user\", password in cluster.conf and cli/context/user.json",
      "",
      "Port Configuration:",
      "",
    ];
    for (let c = 1; c <= num(a.clusters); c++) {
      for (let n = 1; n <= num(a.members); n++) lines.push(`  n${n}.c${c}.${str(a.domain)}:${clientPort(a, c, n)}`);
    }
    lines.push(
      "",
      'Start the network by changing to the target directory and doing "docker compose up"',
      "",
      "Once running use the following command to start a shell:",
      "",
      `  docker compose run cli.${str(a.domain)}`,
    );
    return lines.join("\n");
  },
};

/** The host port of server n of cluster c: natscli's base + (c-1)*100 + n - 1. */
function clientPort(a: Record<string, unknown>, c: number, n: number): number {
  return num(a.port) + (c - 1) * 100 + n - 1;
}

/** A leafnode connecting to Synadia Cloud (natscli's fs:///ngsleafnodeconfig). */
const ngsLeafnode: Bundle = {
  description: "Generates configuration to connect a leafnode to Synadia Cloud",
  form: {
    name: "ngs-leafnode",
    description: [
      "Generates configuration to connect a Leafnode to the Synadia Cloud",
      "",
      "Further information can be found at:",
      "",
      "  https://docs.nats.io/running-a-nats-service/nats_docker/ngs-leafnodes-docker",
    ].join("\n"),
    properties: [
      { name: "port", description: "The port clients connect to", type: "integer", default: "4222", validation: "value >= 0 && value <= 65535" },
      { name: "monitor_port", description: "Configures the monitor port, 0 disables", type: "integer", default: "0", validation: "value >= 0 && value <= 65535" },
      { name: "jetstream", description: "Enables JetStream in the leafnode", type: "bool", default: "false" },
      { name: "store_dir", conditional: "input.jetstream == true", description: "Directory to write JetStream data", default: "data" },
      { name: "jetstream_domain", conditional: "input.jetstream == true", description: "The JetStream Domain for the Leafnode", default: "LEAF" },
      { name: "credentials", description: "Path to the Synadia Cloud credential file", required: true, default: "ngs.creds" },
    ],
  },
  render(a) {
    const lines = [
      "# A NATS Server Leafnode configured to connect to Synadia Cloud",
      "#",
      "# Please see https://docs.nats.io/running-a-nats-service/nats_docker/ngs-leafnodes-docker",
      "# for further details.",
      "",
      "# The address and port clients must connect to",
      `listen: 0.0.0.0:${str(a.port)}`,
    ];
    if (num(a.monitor_port)) lines.push("", "# HTTP requests can be made to this port for monitoring purpose", `monitor_port: ${str(a.monitor_port)}`);
    if (a.jetstream) lines.push("", "jetstream {", `    store_dir: ${JSON.stringify(str(a.store_dir))}`, `    domain: ${JSON.stringify(str(a.jetstream_domain))}`, "}");
    lines.push(
      "", "leafnodes {", "    remotes = [", "        {", '          url: "tls://connect.ngs.global"',
      `          credentials: ${JSON.stringify(str(a.credentials))}`, "        },", "    ]", "}", "",
    );
    return [{ path: "leafnode.conf", content: lines.join("\n") }];
  },
  after(a, env) {
    return [
      `A NATS Server Leafnode configuration was written in ${env.target}/leafnode.conf`,
      "",
      `   Credentials: ${str(a.credentials)}`,
      `   Client Port: ${str(a.port)}`,
      `     JetStream: ${a.jetstream ? `yes storage in "${str(a.store_dir)}"` : "no"}`,
      "",
      `Store your Synadia Cloud credentials in "${str(a.credentials)}" and run:`,
      "",
      "   nats-server --config leafnode.conf",
    ].join("\n");
  },
};

const JETSTREAM_GROUP_TEXT = [
  "JetStream configuration",
  "",
  "We will now configure the NATS JetStream persistence layer. Setting the limits",
  "to -1 means a dynamic value will be chosen by the server at start. We strongly",
  "suggest setting specific limits.",
  "",
  "See https://docs.nats.io/nats-concepts/jetstream for more information",
].join("\n");

const RESOLVER_GROUP_TEXT = [
  "NATS Resolver Configuration",
  "",
  "We will now configure where the NATS Server will store account JWT files.",
  "JWT files are pushed to the server using 'nats auth account push' and",
  "describe the full configuration for each account.",
  "",
  "Every server in a cluster needs a resolver configuration.",
].join("\n");

const group = (v: unknown): Record<string, unknown> => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

/** A server of an operator made with `nats auth` (natscli's fs:///operator). */
const operatorServer: Bundle = {
  description: "Generates configuration for an operator based NATS Server",
  requiresOperator: true,
  form: {
    name: "nats-server.conf",
    description: [
      "Operator Managed NATS Server",
      "",
      "This will guide you through a series of question to create a NATS Server",
      "configuration managed by a NATS Operator.",
      "",
      "To use this an Operator should have been created using the \"nats auth\" command.",
      "",
      "For more information about Decentralized Authentication please read:",
      "",
      "  https://docs.nats.io/running-a-nats-service/configuration/securing_nats/auth_intro/jwt",
    ].join("\n"),
    properties: [
      {
        name: "server_name", description: "Unique name for this server", default: "nats.example.net", required: true, validation: "isShellSafe(value)",
        help: "Each server needs a Unique name, by default this uses the FQDN but in JetStream scenarios it is worth setting stable names and adjusting DNS pointing at the right node.",
      },
      { name: "address", description: "Address to listen on", default: "0.0.0.0", validation: "isIP(value)" },
      { name: "port", description: "The port to listen on for client connections", type: "integer", default: "4222", validation: "value >= -1 && value <= 65535" },
      { name: "monitor_port", description: "Port to listen on for monitoring requests", type: "integer", default: "8222", validation: "value >= -1 && value <= 65535" },
      { name: "streams", description: "Enables JetStream in the server", type: "bool", default: "true" },
      {
        name: "jetstream", description: JETSTREAM_GROUP_TEXT, conditional: "input.streams == true",
        properties: [
          { name: "store_dir", description: "Directory to store JetStream data", default: "/var/lib/nats/jetstream", required: true },
          { name: "max_mem", description: "Maximum amount of RAM that can be used by JetStream", help: "Valid values are -1 for unlimited or strings like 1GB", default: "-1", validation: "isSize(value)" },
          { name: "max_file", description: "Maximum amount of disk storage that can be used by JetStream", help: "Valid values are -1 for unlimited or strings like 1GB", default: "-1", validation: "isSize(value)" },
        ],
      },
      {
        name: "resolver", description: RESOLVER_GROUP_TEXT,
        properties: [
          { name: "dir", description: "The directory to store JWTs in", default: "/var/lib/nats/resolver", required: true },
          { name: "allow_delete", description: "Should the server allow accounts to be deleted", type: "bool", default: "true" },
          { name: "limit", description: "The maximum amount of accounts to allow", type: "integer", default: "1000", validation: "value >= 1" },
        ],
      },
    ],
  },
  render(a, env) {
    const op = env.operator!;
    const js = group(a.jetstream);
    const res = group(a.resolver);
    const q = (v: unknown) => JSON.stringify(str(v));
    const lines = [
      `# Generated NATS Server configuration operated by operator ${op.name}`,
      "",
      "# Unique name for the server",
      `server_name: ${q(a.server_name)}`,
      "",
      "# The address and port clients must connect to",
      `listen: ${q(`${str(a.address)}:${str(a.port)}`)}`,
      "",
      "# HTTP requests can be made to this port for monitoring purpose",
      `monitor_port: ${str(a.monitor_port)}`,
      "",
      `# The JWT token of the operator running the server (${op.name})`,
      `operator: ${op.jwt}`,
    ];
    if (op.systemAccount) {
      lines.push(
        "",
        `# The system account managing the server (${op.systemAccount.name})`,
        `system_account: ${op.systemAccount.subject}`,
        "",
        "resolver_preload {",
        `    // Account: ${op.systemAccount.name}`,
        `    ${op.systemAccount.subject}: ${op.systemAccount.jwt}`,
        "}",
      );
    }
    if (a.streams) {
      // -1 leaves the limit to the server; 1GB unquoted is a size to the configuration parser (quoted, 2.9 refuses it)
      const limit = (k: string, v: unknown) => (str(v) === "" ? [] : [`    ${k}: ${str(v)}`]);
      lines.push("", "jetstream {", `    store_dir: ${q(js.store_dir)}`, ...limit("max_mem", js.max_mem), ...limit("max_file", js.max_file), "}");
    }
    lines.push(
      "",
      "# Configures the Full NATS Resolver",
      "resolver {",
      "    type: full",
      `    dir: ${q(res.dir)}`,
      `    allow_delete: ${res.allow_delete ? "true" : "false"}`,
      '    interval: "2m"',
      `    limit: ${str(res.limit)}`,
      "}",
      "",
    );
    return [{ path: "server.conf", content: lines.join("\n") }];
  },
  after(a, env) {
    return [
      `A NATS Server configuration for operator ${env.operator!.name} was written in ${env.target}/server.conf`,
      "",
      `Start it with "nats-server --config server.conf", then push the operator's accounts to it with`,
      '"nats auth account push ACCOUNT" as a user of the system account.',
    ].join("\n");
  },
};

/** The nats Helm chart's values for a cluster of an operator made with `nats auth` (natscli's fs:///operatork8s). */
const operatorK8s: Bundle = {
  description: "Generates configuration for an operator based NATS Server managed by Kubernetes",
  requiresOperator: true,
  form: {
    name: "nats-server.conf",
    description: [
      "Operator Managed NATS Server for Kubernetes",
      "",
      "This will guide you through a series of question to create a NATS Cluster",
      "configuration managed by a NATS Operator using the nats Helm Chart.",
      "",
      "To use this an Operator should have been created using the \"nats auth\" command.",
      "",
      "For more information about the Helm chart please read:",
      "",
      "  https://github.com/nats-io/k8s/tree/main/helm/charts/nats",
    ].join("\n"),
    properties: [
      { name: "replicas", description: "How many server pods to start", type: "integer", default: "3", validation: "value >= 1" },
      { name: "streams", description: "Enables JetStream in the cluster", type: "bool", default: "true" },
      {
        name: "jetstream", description: JETSTREAM_GROUP_TEXT, conditional: "input.streams == true",
        properties: [{ name: "storage", description: "The maximum amount of PVC resources to allocate", help: "Valid values look like '10Gi'", default: "10Gi" }],
      },
      {
        name: "resolver", description: RESOLVER_GROUP_TEXT,
        properties: [
          { name: "allow_delete", description: "Should the server allow accounts to be deleted", type: "bool", default: "true" },
          { name: "limit", description: "The maximum amount of accounts to allow", type: "integer", default: "1000", validation: "value >= 1" },
        ],
      },
    ],
  },
  async render(a, env) {
    const op = env.operator!;
    const sys = op.systemAccount;
    if (!sys) throw new CliError(`operator ${op.name} has no system account: the Helm chart's resolver needs one`, { hint: "set one with `nats auth operator edit --system-account ACCOUNT`" });
    const res = group(a.resolver);
    const values = {
      natsBox: { enabled: false },
      config: {
        cluster: { enabled: true, replicas: num(a.replicas) },
        resolver: { enabled: true, merge: { type: "full", interval: "2m", timeout: "1.9s", allow_delete: res.allow_delete === true, limit: num(res.limit) } },
        ...(a.streams ? { jetstream: { enabled: true, fileStore: { pvc: { size: str(group(a.jetstream).storage) } } } } : {}),
        // natscli's template preloads the system account under the literal key SYS_ACCOUNT_ID; the server wants its public key
        merge: { operator: op.jwt, system_account: sys.subject, resolver_preload: { [sys.subject]: sys.jwt } },
      },
    };
    const { stringify } = await import("yaml");
    return [{ path: "values.yaml", content: stringify(values, { lineWidth: 0 }) }];
  },
  after(_a, env) {
    return [
      `Helm values for operator ${env.operator!.name} were written in ${env.target}/values.yaml`,
      "",
      "Deploy the resulting Cluster using helm:",
      "",
      "  helm repo add nats https://nats-io.github.io/k8s/helm/charts/",
      "  helm upgrade --install nats nats/nats -f values.yaml",
      "",
      "To access the cluster you can use kubectl:",
      "",
      "  kubectl port-forward service/nats 4222",
      "",
      "Once set up you can create credentials and push your accounts.",
    ].join("\n");
  },
};

/** An embedded bundle: its fs:/// name, the title natscli lists it under, and the bundle. */
export interface EmbeddedBundle {
  name: string;
  title: string;
  bundle: Bundle;
}

/** The templates `nats server generate` offers, in natscli's list order (sorted by title). */
export const EMBEDDED_BUNDLES: EmbeddedBundle[] = [
  { name: "operator", title: "'nats auth' managed NATS Server configuration", bundle: operatorServer },
  { name: "operatork8s", title: "'nats auth' managed NATS Cluster in Kubernetes", bundle: operatorK8s },
  { name: "natsbuilder", title: "Development Super Cluster using Docker Compose", bundle: natsBuilder },
  { name: "ngsleafnodeconfig", title: "Synadia Cloud Leafnode Configuration", bundle: ngsLeafnode },
];
