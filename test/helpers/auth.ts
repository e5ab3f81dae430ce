import { rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { createAccount, createOperator, createUser, encodeAccount, encodeOperator, encodeUser, fmtCreds } from "@nats-io/jwt";
import { createUser as createUserNkey } from "@nats-io/nkeys";
import { scratchDir } from "./scratch.js";

/** nats-server config for one user with a password. */
export function userPassConfig(user: string, password: string): string {
  return `authorization { users: [ { user: "${user}", password: "${password}" } ] }\n`;
}

/** nats-server config for token authentication. */
export function tokenConfig(token: string): string {
  return `authorization { token: "${token}" }\n`;
}

/** A fresh nkey user: the server config that trusts its public key, its seed and a seed file. */
export interface NkeyUser { publicKey: string; seed: string; seedFile: string; config: string; cleanup(): void }

/** Generates an nkey user with @nats-io/nkeys and writes its seed to a 0600 file. */
export function makeNkeyUser(): NkeyUser {
  const kp = createUserNkey();
  const publicKey = kp.getPublicKey();
  const seed = new TextDecoder().decode(kp.getSeed());
  const dir = scratchDir("natsx-nkey-");
  const seedFile = path.join(dir, "user.nk");
  writeFileSync(seedFile, `${seed}\n`, { mode: 0o600 });
  return {
    publicKey,
    seed,
    seedFile,
    config: `authorization { users: [ { nkey: "${publicKey}" } ] }\n`,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Operator-mode material: server config, a user's .creds (file and text) and the JWT parts. */
export interface OperatorSetup {
  /** nats-server config: operator, system account, MEMORY resolver with both accounts preloaded. */
  config: string;
  credsFile: string;
  creds: string;
  userJwt: string;
  userSeed: string;
  /** A user of an account the server does not know (authentication must fail): its .creds file, text, JWT and seed. */
  strangerCredsFile: string;
  strangerCreds: string;
  strangerJwt: string;
  strangerSeed: string;
  dir: string;
  cleanup(): void;
}

/** Generates operator, system account, account and user JWTs with @nats-io/jwt (works with nats-server 2.9). */
export async function makeOperator(): Promise<OperatorSetup> {
  const dir = scratchDir("natsx-op-");
  const okp = createOperator();
  const sys = createAccount();
  const akp = createAccount();
  const sysJwt = await encodeAccount("SYS", sys, {}, { signer: okp });
  const accJwt = await encodeAccount("APP", akp, { limits: { conn: -1, subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, leaf: -1 } } as never, { signer: okp });
  const opJwt = await encodeOperator("natsx-test", okp, { system_account: sys.getPublicKey() });
  const ukp = createUser();
  const userJwt = await encodeUser("alice", ukp, akp);
  const creds = new TextDecoder().decode(fmtCreds(userJwt, ukp));
  const credsFile = path.join(dir, "alice.creds");
  writeFileSync(credsFile, creds, { mode: 0o600 });
  // a user signed by an account that is not in the resolver
  const foreign = createAccount();
  const skp = createUser();
  const strangerJwt = await encodeUser("mallory", skp, foreign);
  const strangerCredsFile = path.join(dir, "mallory.creds");
  const strangerCreds = new TextDecoder().decode(fmtCreds(strangerJwt, skp));
  writeFileSync(strangerCredsFile, strangerCreds, { mode: 0o600 });
  const config = `operator: ${opJwt}
system_account: ${sys.getPublicKey()}
resolver: MEMORY
resolver_preload: {
  ${sys.getPublicKey()}: ${sysJwt}
  ${akp.getPublicKey()}: ${accJwt}
}
`;
  return {
    config,
    credsFile,
    creds,
    userJwt,
    userSeed: new TextDecoder().decode(ukp.getSeed()),
    strangerCredsFile,
    strangerCreds,
    strangerJwt,
    strangerSeed: new TextDecoder().decode(skp.getSeed()),
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** nats-server config for a plain websocket listener on a random port (the ports file lists it). */
export const WEBSOCKET_CONFIG = "websocket { host: 127.0.0.1, port: -1, no_tls: true }\n";

/** A system account (user `sys`) and a JetStream account APP (user `app`), both with password `pass`. */
export const SYSTEM_ACCOUNTS = `
accounts {
  SYS { users: [{user: sys, password: pass}] }
  APP { jetstream: enabled, users: [{user: app, password: pass}] }
}
system_account: SYS
`;
/** The connection flags of SYSTEM_ACCOUNTS' two users. */
export const SYS_USER = ["--user", "sys", "--password", "pass"];
export const APP_USER = ["--user", "app", "--password", "pass"];
