import { waitUntil } from "./wait.js";

/**
 * Waits until the server (its monitoring port) lists an open connection with a subscription on `subject`,
 * with `name` only a connection of that name: how a test knows a command that announces nothing (--json,
 * --raw) is listening before it acts.
 */
export async function subscribed(monitorUrl: string, subject: string, o: { name?: string; timeoutMs?: number } = {}): Promise<void> {
  await waitUntil(async () => {
    const connz = (await (await fetch(`${monitorUrl}/connz?subs=1`)).json()) as { connections?: { name?: string; subscriptions_list?: string[] }[] };
    const conns = (connz.connections ?? []).filter((c) => o.name === undefined || c.name === o.name);
    return conns.some((c) => c.subscriptions_list?.includes(subject)) || JSON.stringify(conns.map((c) => [c.name, c.subscriptions_list]));
  }, `a connection${o.name ? ` named ${o.name}` : ""} subscribed to ${subject}`, o.timeoutMs);
}
