import { promises as fs } from "node:fs";
import * as path from "node:path";
import { createAccount, createOperator, createUser, fromPublic, fromSeed, type KeyPair } from "@nats-io/nkeys";
import type { Deps } from "../deps.js";
import { CliError, ExitCode, usageError } from "../errors.js";
import { writeFileAtomic } from "../context/store.js";
import { decodeJwt, signClaims, type AccountClaims, type OperatorClaims, type UserClaims, type UserNats, type UserScope } from "./claims.js";

// natscli keeps operators, accounts and users in an nsc store (jsm.go → synadia-io/jwt-auth-builder.go's nsc
// provider), so `nsc` and `nats auth` share one: $XDG_DATA_HOME/nats/nsc (default ~/.local/share/nats/nsc) with
//   stores/<Operator>/.nsc                                  {"managed":false,"name":…,"kind":"operator","version":"1"}
//   stores/<Operator>/<Operator>.jwt
//   stores/<Operator>/accounts/<Account>/<Account>.jwt
//   stores/<Operator>/accounts/<Account>/users/<User>.jwt
//   keys/keys/<K>/<two letters>/<public key>.nk             the seed, 0600 (K: first letter of the key)
// and the selected operator in $XDG_CONFIG_HOME/nats/cli/config.json ({"select_operator": name}).

/** Where the store lives for this run. */
export interface AuthPaths { root: string; stores: string; keys: string; config: string }

/** natscli's locations (internal/auth NscStore, internal/util ConfigDir). */
export function authPaths(deps: Pick<Deps, "env" | "homeDir" | "configDir">): AuthPaths {
  const data = deps.env.XDG_DATA_HOME || path.join(deps.homeDir, ".local", "share");
  const root = path.join(data, "nats", "nsc");
  return { root, stores: path.join(root, "stores"), keys: path.join(root, "keys"), config: path.join(deps.configDir, "cli", "config.json") };
}

/** Names become directory and file names in the store: refuse what would escape it or clash with nsc's files. */
export function checkEntityName(kind: string, name: string): void {
  if (!name.trim()) throw usageError(`${kind} name cannot be empty`);
  if (/[/\\]/.test(name) || name === "." || name === ".." || name.startsWith(".")) {
    throw usageError(`invalid ${kind} name "${name}": it may not contain / or \\ or start with "."`);
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}

async function mkdir(p: string): Promise<void> {
  await fs.mkdir(p, { recursive: true, mode: 0o700 });
}

/** The nkey seed text of a key pair. */
export function seedOf(kp: KeyPair): string {
  return new TextDecoder().decode(kp.getSeed());
}

/** A user of an account, with its seed when the key store has it. */
export class UserEntity {
  modified = false;
  constructor(public account: AccountEntity, public name: string, public claims: UserClaims, public token: string, public key?: KeyPair) {}

  get subject(): string { return this.claims.sub; }
  get issuer(): string { return this.claims.iss; }
  /** The account the user belongs to (issuer_account when a signing key issued it). */
  get issuerAccount(): string { return this.claims.nats.issuer_account || this.claims.iss; }
  /** Issued by a scoped signing key: its permissions come from the key's template. */
  get scoped(): boolean { return this.account.scope(this.issuer) !== undefined; }

  /** Re-signs with the key that issued the user (the account or one of its signing keys). */
  async resign(): Promise<void> {
    this.token = await signClaims(this.claims, "user", this.account.keyFor(this.issuer));
    this.claims = decodeJwt(this.token, `user ${this.name}`);
    this.modified = true;
  }
}

/** An account of an operator, its keys and users. */
export class AccountEntity {
  modified = false;
  users: UserEntity[] = [];
  deletedUsers: string[] = [];
  constructor(public operator: OperatorEntity, public name: string, public claims: AccountClaims, public token: string, public key: KeyPair | undefined, public signingKeys: Map<string, KeyPair>) {}

  get subject(): string { return this.claims.sub; }
  get issuer(): string { return this.claims.iss; }
  get isSystem(): boolean { return this.operator.claims.nats.system_account === this.subject; }

  /** Every signing key's public key (plain and scoped). */
  signingKeyList(): string[] {
    return (this.claims.nats.signing_keys ?? []).map((k) => (typeof k === "string" ? k : k.key));
  }

  /** Scoped signing keys (user_scope entries), in the JWT's order. */
  scopes(): UserScope[] {
    return (this.claims.nats.signing_keys ?? []).filter((k): k is UserScope => typeof k !== "string");
  }

  scope(key: string): UserScope | undefined {
    return this.scopes().find((s) => s.key === key);
  }

  /** The private key for the account itself or one of its signing keys, or a clear error. */
  keyFor(pub: string): KeyPair {
    const kp = pub === this.subject ? this.key : this.signingKeys.get(pub);
    if (!kp) throw new CliError(`the seed for ${pub} of account ${this.name} is not in the key store`, { hint: "add the seed to the nsc key store, or use a key this store holds" });
    return kp;
  }

  user(name: string): UserEntity | undefined {
    return this.users.find((u) => u.name === name || u.subject === name);
  }

  /**
   * Adds a user with a fresh key issued by `issuer` (default: the account's own key), as jwt.NewUserClaims:
   * unlimited; a scoped signing key's users carry no limits at all (the key's template applies).
   */
  async addUser(name: string, issuer = this.subject): Promise<UserEntity> {
    const kp = this.operator.newKey("user");
    const scoped = this.scope(issuer) !== undefined;
    const nats: UserNats = scoped ? { pub: {}, sub: {} } : { pub: {}, sub: {}, subs: -1, data: -1, payload: -1 };
    if (issuer !== this.subject) nats.issuer_account = this.subject;
    const user = new UserEntity(this, name, { iss: issuer, name, sub: kp.getPublicKey(), nats }, "", kp);
    this.users.push(user);
    await user.resign();
    return user;
  }

  /** Re-signs with the operator key that issued it (its identity or a signing key). */
  async resign(): Promise<void> {
    this.token = await signClaims(this.claims, "account", this.operator.keyFor(this.issuer || this.operator.subject));
    this.claims = decodeJwt(this.token, `account ${this.name}`);
    this.modified = true;
  }
}

/** An operator and everything under it, loaded from (and committed to) the store. */
export class OperatorEntity {
  modified = false;
  isNew = false;
  accounts: AccountEntity[] = [];
  addedKeys: KeyPair[] = [];
  deletedKeys: string[] = [];
  constructor(public name: string, public claims: OperatorClaims, public token: string, public key: KeyPair | undefined, public signingKeys: Map<string, KeyPair>) {}

  get subject(): string { return this.claims.sub; }

  keyFor(pub: string): KeyPair {
    const kp = pub === this.subject ? this.key : this.signingKeys.get(pub);
    if (!kp) throw new CliError(`the seed for ${pub} of operator ${this.name} is not in the key store`, { hint: "import the operator with its keys (`nats auth operator import JWT KEY…`)" });
    return kp;
  }

  /** An account by name or public key. */
  account(name: string): AccountEntity | undefined {
    return this.accounts.find((a) => a.name === name) ?? this.accounts.find((a) => a.subject === name);
  }

  systemAccount(): AccountEntity | undefined {
    const id = this.claims.nats.system_account;
    return id ? this.account(id) : undefined;
  }

  /** A new key of `kind`, remembered so commit() writes its seed. */
  newKey(kind: "operator" | "account" | "user"): KeyPair {
    const kp = kind === "operator" ? createOperator() : kind === "account" ? createAccount() : createUser();
    this.addedKeys.push(kp);
    return kp;
  }

  /** Adds an operator signing key to the claims (re-sign afterwards) and returns its public key. */
  addSigningKey(): string {
    const kp = this.newKey("operator");
    const pub = kp.getPublicKey();
    this.claims.nats.signing_keys = [...(this.claims.nats.signing_keys ?? []), pub];
    this.signingKeys.set(pub, kp);
    return pub;
  }

  /** Re-signs the operator JWT with its identity key (operators are self-signed). */
  async resign(): Promise<void> {
    this.token = await signClaims(this.claims, "operator", this.keyFor(this.subject));
    this.claims = decodeJwt(this.token, `operator ${this.name}`);
    this.modified = true;
  }

  /** Adds an account with a fresh key, issued by `issuer` (default: the operator's identity key), as jwt.NewAccountClaims. */
  async addAccount(name: string, issuer?: string): Promise<AccountEntity> {
    const kp = this.newKey("account");
    const claims: AccountClaims = {
      iss: issuer ?? this.subject,
      name,
      sub: kp.getPublicKey(),
      nats: {
        limits: { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 },
        default_permissions: { pub: {}, sub: {} },
        authorization: {},
      },
    };
    const acct = new AccountEntity(this, name, claims, "", kp, new Map());
    this.accounts.push(acct);
    await acct.resign();
    return acct;
  }
}

/** Reads a seed from the key store, undefined when it is not there. */
async function readKey(keysDir: string, pub: string): Promise<KeyPair | undefined> {
  let text: string;
  try {
    text = await fs.readFile(keyPath(keysDir, pub), "utf8");
  } catch {
    return undefined;
  }
  try {
    const kp = fromSeed(new TextEncoder().encode(text.trim()));
    return kp.getPublicKey() === pub ? kp : undefined;
  } catch {
    return undefined;
  }
}

/** nsc's key path: keys/keys/<first letter>/<next two>/<public key>.nk */
export function keyPath(keysDir: string, pub: string): string {
  return path.join(keysDir, "keys", pub.slice(0, 1), pub.slice(1, 3), `${pub}.nk`);
}

/** The nsc store: lists, loads and commits operators. */
export class AuthStore {
  constructor(readonly paths: AuthPaths) {}

  static for(deps: Pick<Deps, "env" | "homeDir" | "configDir">): AuthStore {
    return new AuthStore(authPaths(deps));
  }

  /** Operator names (store directories with a .nsc file), sorted. */
  async operatorNames(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await fs.readdir(this.paths.stores);
    } catch {
      return [];
    }
    const names: string[] = [];
    for (const e of entries) {
      const st = await fs.stat(path.join(this.paths.stores, e, ".nsc")).catch(() => undefined);
      if (st && st.isFile() && st.size > 0) names.push(e);
    }
    return names.sort();
  }

  /** Loads an operator with its accounts, users and whatever seeds the key store holds. */
  async load(name: string): Promise<OperatorEntity> {
    const dir = path.join(this.paths.stores, name);
    let info: { name?: string };
    try {
      info = JSON.parse(await fs.readFile(path.join(dir, ".nsc"), "utf8")) as { name?: string };
    } catch {
      throw new CliError(`unknown operator: ${name}`, { exitCode: ExitCode.NOT_FOUND, hint: "list them with `nats auth operator ls`" });
    }
    const storeName = info.name || name;
    const tokenFile = path.join(dir, `${storeName}.jwt`);
    const token = (await fs.readFile(tokenFile, "utf8").catch(() => { throw new CliError(`operator ${name} has no JWT in the store (${tokenFile})`); })).trim();
    const claims = decodeJwt<OperatorClaims["nats"]>(token, `the operator JWT ${tokenFile}`, "operator");
    const sks = new Map<string, KeyPair>();
    for (const sk of claims.nats.signing_keys ?? []) {
      const kp = await readKey(this.paths.keys, sk);
      if (kp) sks.set(sk, kp);
    }
    const op = new OperatorEntity(storeName, claims, token, await readKey(this.paths.keys, claims.sub), sks);
    const acctDir = path.join(dir, "accounts");
    const names = (await fs.readdir(acctDir).catch(() => [] as string[])).sort();
    for (const an of names) {
      const file = path.join(acctDir, an, `${an}.jwt`);
      if (!(await exists(file))) continue;
      const at = (await fs.readFile(file, "utf8")).trim();
      const ac = decodeJwt<AccountClaims["nats"]>(at, `the account JWT ${file}`, "account");
      const asks = new Map<string, KeyPair>();
      for (const k of ac.nats.signing_keys ?? []) {
        const pub = typeof k === "string" ? k : k.key;
        const kp = await readKey(this.paths.keys, pub);
        if (kp) asks.set(pub, kp);
      }
      const acct = new AccountEntity(op, an, ac, at, await readKey(this.paths.keys, ac.sub), asks);
      const udir = path.join(acctDir, an, "users");
      for (const uf of (await fs.readdir(udir).catch(() => [] as string[])).sort()) {
        if (!uf.endsWith(".jwt")) continue;
        const ut = (await fs.readFile(path.join(udir, uf), "utf8")).trim();
        const uc = decodeJwt<UserClaims["nats"]>(ut, `the user JWT ${path.join(udir, uf)}`, "user");
        acct.users.push(new UserEntity(acct, uf.slice(0, -4), uc, ut, await readKey(this.paths.keys, uc.sub)));
      }
      op.accounts.push(acct);
    }
    return op;
  }

  /** A new operator (nothing written until commit): a fresh identity key and a self-signed JWT. */
  async create(name: string): Promise<OperatorEntity> {
    checkEntityName("operator", name);
    const kp = createOperator();
    const op = new OperatorEntity(name, { iss: kp.getPublicKey(), name, sub: kp.getPublicKey(), nats: {} }, "", kp, new Map());
    op.isNew = true;
    op.addedKeys.push(kp);
    await op.resign();
    return op;
  }

  /** Adopts an operator from its JWT and seeds (import, restore); the store must not have one of that name. */
  adopt(name: string, token: string, claims: OperatorClaims, keys: KeyPair[]): OperatorEntity {
    const byPub = new Map(keys.map((k) => [k.getPublicKey(), k]));
    const sks = new Map<string, KeyPair>();
    for (const sk of claims.nats.signing_keys ?? []) if (byPub.has(sk)) sks.set(sk, byPub.get(sk)!);
    const op = new OperatorEntity(name, claims, token, byPub.get(claims.sub), sks);
    op.isNew = true;
    op.modified = true;
    op.addedKeys.push(...keys);
    return op;
  }

  /**
   * Writes what changed: seeds first (a JWT never names a key the store lacks), then JWTs (each atomically,
   * 0600), then removals. A new operator's directory must not exist yet, as nsc's CreateStore insists.
   */
  async commit(op: OperatorEntity): Promise<void> {
    const dir = path.join(this.paths.stores, op.name);
    if (op.isNew) {
      const entries = await fs.readdir(dir).catch(() => [] as string[]);
      if (entries.length > 0) throw new CliError(`operator ${op.name} already exists`, { exitCode: ExitCode.CONFLICT });
      await mkdir(path.join(dir, "accounts"));
      await writeFileAtomic(path.join(dir, ".nsc"), JSON.stringify({ managed: false, name: op.name, kind: "operator", version: "1" }));
    }
    if (op.addedKeys.length) await this.storeKeys(op.addedKeys);
    if (op.modified || op.isNew) await writeFileAtomic(path.join(dir, `${op.name}.jwt`), op.token);
    for (const a of op.accounts) {
      const adir = path.join(dir, "accounts", a.name);
      if (a.modified) {
        await mkdir(adir);
        await writeFileAtomic(path.join(adir, `${a.name}.jwt`), a.token);
      }
      for (const u of a.users) {
        if (!u.modified) continue;
        await mkdir(path.join(adir, "users"));
        await writeFileAtomic(path.join(adir, "users", `${u.name}.jwt`), u.token);
      }
      for (const name of a.deletedUsers) await fs.rm(path.join(adir, "users", `${name}.jwt`), { force: true });
      a.modified = false;
      a.deletedUsers = [];
      for (const u of a.users) u.modified = false;
    }
    for (const pub of op.deletedKeys) {
      const f = keyPath(this.paths.keys, pub);
      await fs.rm(f, { force: true });
      await fs.rmdir(path.dirname(f)).catch(() => undefined);
    }
    op.isNew = false;
    op.modified = false;
    op.addedKeys = [];
    op.deletedKeys = [];
  }

  /** Writes seeds as nsc does (no newline, 0600); an existing different seed for the same public key is an error. */
  private async storeKeys(keys: KeyPair[]): Promise<void> {
    await mkdir(path.join(this.paths.keys, "keys"));
    await mkdir(path.join(this.paths.keys, "creds"));
    const ignore = path.join(this.paths.keys, ".gitignore");
    if (!(await exists(ignore))) await writeFileAtomic(ignore, "# ignore all nk files \n**/*.nk\n\n# ignore all creds files\n**/*.creds\n");
    for (const kp of keys) {
      const pub = kp.getPublicKey();
      const f = keyPath(this.paths.keys, pub);
      const seed = seedOf(kp);
      const old = await fs.readFile(f, "utf8").catch(() => undefined);
      if (old !== undefined) {
        if (old.trim() !== seed) throw new CliError(`key ${f} already exists and is different`);
        continue;
      }
      await mkdir(path.dirname(f));
      await writeFileAtomic(f, seed);
    }
  }

  /** The operator `nats auth operator select` chose, if any. */
  async selectedOperator(): Promise<string | undefined> {
    try {
      const cfg = JSON.parse(await fs.readFile(this.paths.config, "utf8")) as { select_operator?: unknown };
      return typeof cfg.select_operator === "string" && cfg.select_operator ? cfg.select_operator : undefined;
    } catch {
      return undefined;
    }
  }

  /** Remembers the default operator, keeping any other settings in the file. */
  async selectOperator(name: string): Promise<void> {
    let cfg: Record<string, unknown> = {};
    try { cfg = JSON.parse(await fs.readFile(this.paths.config, "utf8")) as Record<string, unknown>; } catch { /* a new file */ }
    cfg.select_operator = name;
    await mkdir(path.dirname(this.paths.config));
    await writeFileAtomic(this.paths.config, JSON.stringify(cfg));
  }
}

/** A public key's key pair (verification only), or a usage error naming what was expected. */
export function publicKey(value: string, prefixes: string, what: string): KeyPair {
  try {
    const kp = fromPublic(value);
    if (!prefixes.includes(value[0]!)) throw new Error("wrong kind");
    return kp;
  } catch {
    throw usageError(`invalid ${what} "${value}"`, `expected a public key starting with ${[...prefixes].join(" or ")}`);
  }
}
