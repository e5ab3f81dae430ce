/**
 * nats-server config text for the accounts most $SYS tests need: SYS (the system account, user
 * sys/pass) and APP (JetStream, user app/pass), plus any extra account blocks given.
 */
export function systemAccounts(extraAccounts = ""): string {
  return `
accounts {
  SYS { users: [{user: sys, password: pass}] }
  APP { jetstream: enabled, users: [{user: app, password: pass}] }
  ${extraAccounts}
}
system_account: SYS
`;
}

/** Connection flags for the system account user of systemAccounts(). */
export const SYS_USER = ["--user", "sys", "--password", "pass"];
/** Connection flags for the APP account user of systemAccounts(). */
export const APP_USER = ["--user", "app", "--password", "pass"];
