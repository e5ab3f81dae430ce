import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { scratchDir } from "./scratch.js";

/** PEM files of a throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate. */
export interface TestPki {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A second CA that signed nothing the server knows (for "unknown CA" cases). */
  otherCa: string;
  cleanup(): void;
}

function ossl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** Generates a CA and server/client certificates with openssl (IP SAN 127.0.0.1); needs `openssl` on PATH. */
export function makePki(): TestPki {
  const dir = scratchDir("natsx-pki-");
  const f = (n: string) => path.join(dir, n);
  const ca = (name: string) => {
    ossl(dir, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.pem`]);
  };
  ca("natsx-test-ca");
  ca("natsx-other-ca");
  const leaf = (name: string, ext: string) => {
    writeFileSync(f(`${name}.ext`), ext);
    ossl(dir, ["req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${name}`, "-keyout", `${name}.key`, "-out", `${name}.csr`]);
    ossl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", "natsx-test-ca.pem", "-CAkey", "natsx-test-ca.key", "-CAcreateserial", "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.pem`]);
  };
  leaf("server", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  leaf("client", "subjectAltName=DNS:natsx-client\nextendedKeyUsage=clientAuth\n");
  return {
    dir,
    ca: f("natsx-test-ca.pem"),
    otherCa: f("natsx-other-ca.pem"),
    serverCert: f("server.pem"),
    serverKey: f("server.key"),
    clientCert: f("client.pem"),
    clientKey: f("client.key"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** nats-server `tls {}` block for the PKI; `verify` demands client certificates (mutual TLS). */
export function tlsConfig(pki: TestPki, opts: { verify?: boolean } = {}): string {
  return `tls {
  cert_file: "${pki.serverCert}"
  key_file: "${pki.serverKey}"
  ca_file: "${pki.ca}"
  verify: ${opts.verify ? "true" : "false"}
  timeout: 2
}
`;
}
