import type { ServerIdentity } from "../../../sys/gather.js";
import type { Ping } from "../../../sys/ping-all.js";

/** A consumer in JSZ's account details. */
export interface JszConsumer {
  name: string; stream_name?: string; config?: { metadata?: Record<string, string>; [k: string]: unknown };
  delivered?: { consumer_seq?: number; stream_seq?: number; last_active?: string }; ack_floor?: { consumer_seq?: number; stream_seq?: number; last_active?: string };
  num_ack_pending?: number; num_redelivered?: number; num_waiting?: number; num_pending?: number;
  cluster?: { name?: string; leader?: string; raft_group?: string; replicas?: { name: string; current?: boolean; offline?: boolean; active?: number; lag?: number }[] };
}

/** A stream in JSZ's account details. */
export interface JszStream {
  name: string; config?: { metadata?: Record<string, string>; num_replicas?: number; [k: string]: unknown };
  state?: { messages?: number; bytes?: number; first_seq?: number; last_seq?: number; num_deleted?: number; num_subjects?: number; consumer_count?: number };
  cluster?: { name?: string; leader?: string; raft_group?: string; replicas?: { name: string; current?: boolean; offline?: boolean; active?: number; lag?: number }[] };
  stream_raft_group?: string; consumer_raft_groups?: { name: string; raft_group: string }[];
  consumer_detail?: JszConsumer[];
}

/** JSZ account_details entry. */
export interface JszAccount { name: string; id?: string; stream_detail?: JszStream[] }

/** One server's JSZ reply with every account, stream and consumer, config included. */
export interface JszDetail { server: ServerIdentity; accounts: JszAccount[] }

/** JSZ with accounts, streams, consumers and config from every server (JetStream servers answer), live or from an archive. */
export async function jszDetails(ping: Ping, limit?: number, extra: Record<string, unknown> = {}): Promise<JszDetail[]> {
  const replies = await ping<{ account_details?: JszAccount[] }>("JSZ", {}, { accounts: true, streams: true, consumer: true, config: true, raft: true, limit: 1024, ...extra }, limit);
  return replies.map((r) => ({ server: r.server, accounts: r.data.account_details ?? [] }));
}

/** Every account's streams once (a replicated stream is reported by each of its servers: the leader's copy wins). */
export async function collectJsAccounts(ping: Ping, limit?: number): Promise<{ name: string; streams: JszStream[] }[]> {
  const details = await jszDetails(ping, limit);
  const accounts = new Map<string, Map<string, JszStream>>();
  for (const d of details) {
    for (const a of d.accounts) {
      const streams = accounts.get(a.name) ?? new Map<string, JszStream>();
      accounts.set(a.name, streams);
      for (const s of a.stream_detail ?? []) {
        const prev = streams.get(s.name);
        if (!prev || s.cluster?.leader === d.server.name) streams.set(s.name, s);
      }
    }
  }
  return [...accounts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, m]) => ({ name, streams: [...m.values()].sort((a, b) => a.name.localeCompare(b.name)) }));
}
