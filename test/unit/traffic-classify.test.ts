import { describe, expect, it } from "vitest";
import { classify } from "../../src/commands/traffic.js";

describe("traffic classes", () => {
  it("sorts subjects as natscli's traffic does", () => {
    expect(classify("$SYS.SERVER.X.STATSZ", false)).toEqual(["general", "system"]);
    expect(classify("$SYS.REQ.SERVER.PING", true)).toEqual(["general", "system"]);
    expect(classify("$JSC.ARU.ACC.x", false)).toEqual(["cluster", "jsa_update"]);
    expect(classify("$JSC.SI.ACC.S", false)).toEqual(["cluster", "stream_info"]);
    expect(classify("$JSC.CI.ACC.S.C", false)).toEqual(["cluster", "consumer_info"]);
    expect(classify("$JSC.SYNC.abc", false)).toEqual(["cluster", "stream_sync"]);
    expect(classify("$JSC.ACK.x", false)).toEqual(["cluster", "reply"]);
    expect(classify("$JSC.R.x", false)).toEqual(["cluster", "reply"]);
    expect(classify("$NRG.AE.grp", false)).toEqual(["raft", "append"]);
    expect(classify("$NRG.V.grp", false)).toEqual(["raft", "vote"]);
    expect(classify("$NRG.P.grp", false)).toEqual(["raft", "proposal"]);
    expect(classify("$NRG.RP.grp", false)).toEqual(["raft", "remove_peer"]);
    expect(classify("$NRG.R.grp", false)).toEqual(["raft", "reply"]);
    expect(classify("$JS.ACK.S.C.1.2.3.4.0", false)).toEqual(["general", "js_ack"]);
    expect(classify("$JS.API.STREAM.INFO.S", true)).toEqual(["general", "js_api"]);
    expect(classify("orders.new", true)).toEqual(["general", "requests"]);
    expect(classify("orders.new", false)).toEqual(["general", "rest"]);
  });
});
