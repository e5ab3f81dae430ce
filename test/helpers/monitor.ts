/**
 * Waits until the server (its monitoring port) lists an open connection named `name` with a subscription
 * on `subject`: how a test knows a CLI that announces nothing (--json) is listening before it acts.
 */
export async function subscribedAs(monitorUrl: string, name: string, subject: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const connz = (await (await fetch(`${monitorUrl}/connz?subs=1`)).json()) as { connections?: { name?: string; subscriptions_list?: string[] }[] };
    if (connz.connections?.some((c) => c.name === name && c.subscriptions_list?.includes(subject))) return;
    if (Date.now() > deadline) throw new Error(`no connection named ${name} subscribed to ${subject} within ${timeoutMs} ms: ${JSON.stringify(connz.connections?.map((c) => [c.name, c.subscriptions_list]))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
