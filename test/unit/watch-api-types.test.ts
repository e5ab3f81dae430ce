import { describe, expect, it } from "vitest";
import { apiRequestType } from "../../src/commands/server/watch/api.js";

describe("server watch api: request types", () => {
  it("names JetStream API subjects as jsm.go's request schemas", () => {
    expect(apiRequestType("$JS.API.INFO")).toBe("account_info_request");
    expect(apiRequestType("$JS.API.STREAM.INFO.ORDERS")).toBe("stream_info_request");
    expect(apiRequestType("$JS.API.STREAM.MSG.GET.ORDERS")).toBe("stream_msg_get_request");
    expect(apiRequestType("$JS.API.CONSUMER.CREATE.ORDERS")).toBe("consumer_create_request");
    expect(apiRequestType("$JS.API.CONSUMER.CREATE.ORDERS.C1.orders.new")).toBe("consumer_create_request");
    expect(apiRequestType("$JS.API.CONSUMER.DURABLE.CREATE.ORDERS.C1")).toBe("consumer_create_request");
    expect(apiRequestType("$JS.API.CONSUMER.MSG.NEXT.ORDERS.C1")).toBe("consumer_getnext_request");
    expect(apiRequestType("$JS.API.CONSUMER.INFO.ORDERS.C1")).toBe("consumer_info_request");
    expect(apiRequestType("$JS.API.DIRECT.GET.ORDERS.orders.1")).toBe("direct_get_request");
    expect(apiRequestType("$JS.API.META.LEADER.STEPDOWN")).toBe("meta_leader_stepdown_request");
    expect(apiRequestType("$JS.API.NOPE")).toBeUndefined();
    expect(apiRequestType("orders.new")).toBeUndefined();
  });
});
