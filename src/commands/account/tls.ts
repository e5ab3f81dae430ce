import { Command } from "commander";
import type { Deps } from "../../deps.js";
import { withConnection } from "../../context/connect.js";
import { CliError, ExitCode } from "../../errors.js";
import { parseDuration } from "../../util/duration.js";

export interface AccountTlsOptions { expireWarn: string; pem?: boolean; ocsp?: boolean }

/** One certificate of the chain the server presented, as the client saw it. */
export interface ChainCert { subject: string; isCA: boolean; notAfter: Date; dns: string[]; ips: string[]; uris: string[]; emails: string[]; serial: string; pem: string }

/**
 * Opens one more connection to the server the client is connected to and returns the certificate
 * chain its TLS handshake presents, leaf first, verified with the same CA and client certificate
 * the command uses (NATS speaks INFO in plain text first unless the server wants TLS first).
 */
export async function peerChain(hostPort: string, tlsFiles: { caFile?: string; certFile?: string; keyFile?: string; handshakeFirst?: boolean }, timeoutMs: number): Promise<ChainCert[]> {
  const net = await import("node:net");
  const tls = await import("node:tls");
  const { readFile } = await import("node:fs/promises");
  const { X509Certificate } = await import("node:crypto");
  const at = hostPort.lastIndexOf(":");
  const host = hostPort.slice(0, at).replace(/^\[|\]$/g, ""), port = Number(hostPort.slice(at + 1));
  const opts = {
    ca: tlsFiles.caFile ? await readFile(tlsFiles.caFile) : undefined,
    cert: tlsFiles.certFile ? await readFile(tlsFiles.certFile) : undefined,
    key: tlsFiles.keyFile ? await readFile(tlsFiles.keyFile) : undefined,
    servername: net.isIP(host) ? undefined : host,
    rejectUnauthorized: true,
  };
  const secure = await new Promise<import("node:tls").TLSSocket>((resolve, reject) => {
    const timer = setTimeout(() => { sock.destroy(); reject(new CliError(`no TLS handshake with ${hostPort} within the timeout`, { exitCode: ExitCode.TIMEOUT })); }, timeoutMs);
    const upgrade = (socket?: import("node:net").Socket) => {
      const t = tls.connect({ ...opts, ...(socket ? { socket } : { host, port }) });
      t.once("secureConnect", () => { clearTimeout(timer); resolve(t); });
      t.once("error", (e) => { clearTimeout(timer); reject(e); });
    };
    let sock: import("node:net").Socket;
    if (tlsFiles.handshakeFirst) { sock = new net.Socket(); upgrade(); return; }
    sock = net.connect(port, host);
    let buf = "";
    sock.on("error", (e) => { clearTimeout(timer); reject(e); });
    sock.on("data", (d) => {
      buf += String(d);
      const nl = buf.indexOf("\r\n");
      if (nl < 0) return;
      sock.removeAllListeners("data");
      const info = JSON.parse(buf.slice(5, nl)) as { tls_required?: boolean; tls_available?: boolean };
      if (!info.tls_required && !info.tls_available) { clearTimeout(timer); sock.destroy(); reject(new CliError(`${hostPort} does not offer TLS: the connection is not encrypted`, { exitCode: ExitCode.FAILURE })); return; }
      upgrade(sock);
    });
  });
  try {
    const out: ChainCert[] = [];
    let c = secure.getPeerCertificate(true);
    const seen = new Set<string>();
    while (c?.raw && !seen.has(c.fingerprint256)) {
      seen.add(c.fingerprint256);
      const x = new X509Certificate(c.raw);
      const san = (x.subjectAltName ?? "").split(/,\s*/).filter(Boolean);
      const pick = (p: string) => san.filter((s) => s.startsWith(p)).map((s) => s.slice(p.length));
      out.push({ subject: x.subject.split("\n").reverse().join(","), isCA: x.ca, notAfter: new Date(x.validTo), dns: pick("DNS:"), ips: pick("IP Address:"), uris: pick("URI:"), emails: pick("email:"), serial: BigInt(`0x${x.serialNumber}`).toString(), pem: x.toString() });
      c = c.issuerCertificate;
    }
    return out;
  } finally {
    secure.destroy();
  }
}

/** Prints the TLS chain of the connected server as natscli's `# …` lines; exits 1 when a certificate expired or expires within --expire-warn. */
export async function accountTls(deps: Deps, cmd: Command, o: AccountTlsOptions): Promise<ChainCert[]> {
  const warnMs = parseDuration(o.expireWarn, "--expire-warn");
  const chain = await withConnection(deps, cmd, async (nc, ctx) => {
    const tlsOpts = (ctx.plan.options.tls ?? {}) as { caFile?: string; certFile?: string; keyFile?: string; handshakeFirst?: boolean };
    if (!ctx.plan.options.tls && !nc.info?.tls_required) throw new CliError("the connection does not use TLS", { exitCode: ExitCode.FAILURE, hint: "connect with tls://host:port or --tlsca" });
    return peerChain(nc.getServer(), tlsOpts, ctx.plan.timeoutMs);
  });
  if (o.ocsp) deps.io.out.write("# No OCSP Response found in TLS connection\n\n");
  deps.io.out.write(`# TLS Verified Chains count: 1\n\n# chain: 1\n`);
  const now = deps.now();
  let problem: string | undefined;
  chain.forEach((c, i) => {
    const w = (s: string) => deps.io.out.write(`${s}\n`);
    w(`# chain=1 cert=${i + 1} isCA=${c.isCA} Subject="${c.subject}"`);
    if (c.notAfter.getTime() < now) {
      w(`# EXPIRED after ${c.notAfter.toISOString()}`);
      problem ??= `expired cert chain=1 cert=${i + 1} expiration="${c.notAfter.toISOString()}" subject="${c.subject}"`;
    } else if (warnMs > 0 && c.notAfter.getTime() < now + warnMs) {
      w(`# EXPIRING SOON: within ${o.expireWarn} of ${c.notAfter.toISOString()}`);
      problem ??= `cert expiring soon chain=1 cert=${i + 1} expiration="${c.notAfter.toISOString()}" subject="${c.subject}"`;
    }
    w(`#   Expiration: ${c.notAfter.toISOString()}`);
    if (c.dns.length) w(`#   SAN: DNS Names: [${c.dns.join(" ")}]`);
    if (c.ips.length) w(`#   SAN: IP Addresses: [${c.ips.join(" ")}]`);
    if (c.uris.length) w(`#   SAN: URIs: [${c.uris.join(" ")}]`);
    if (c.emails.length) w(`#   SAN: Email Addresses: [${c.emails.join(" ")}]`);
    w(`#   Serial: ${c.serial}`);
    if (o.pem !== false) deps.io.out.write(c.pem);
  });
  if (problem) throw new CliError(problem, { exitCode: ExitCode.FAILURE });
  return chain;
}

/** `nats account tls`: the certificate chain of the connected server, seen from the client, with expiry warnings. */
export function accountTlsCommand(deps: Deps): Command {
  return new Command("tls")
    .description("Report TLS chain for connected server")
    .option("--expire-warn <duration>", "Warn about certs expiring this soon, 0 to disable", "1w")
    .option("--ocsp", "Report OCSP information, if any (stapled OCSP responses are not read: reported as none)")
    .option("--pem", "Show PEM Certificate blocks (default true)")
    .option("--no-pem", "Do not show the PEM blocks")
    .addHelpText("after", "\nExamples:\n  nats account tls -s tls://nats.example.net:4222 --expire-warn 30d --no-pem\n")
    .action(async (o: AccountTlsOptions, cmd: Command) => { await accountTls(deps, cmd, o); });
}
