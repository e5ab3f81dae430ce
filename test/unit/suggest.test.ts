import { describe, expect, it } from "vitest";
import { nearest } from "../../src/util/suggest.js";

describe("nearest command", () => {
  const top = ["context", "ctx", "publish", "pub", "subscribe", "sub", "request", "req", "reply", "stream", "str", "kv", "object", "obj", "server", "rtt"];
  it("finds a typo within two edits, a transposition, or a unique prefix", () => {
    expect(nearest("strem", top)).toBe("stream");
    expect(nearest("publsh", top)).toBe("publish");
    expect(nearest("conetxt", top)).toBe("context");
    expect(nearest("serv", top)).toBe("server");
    expect(nearest("STREAM", top)).toBe("stream");
  });
  it("suggests nothing far away", () => {
    expect(nearest("foo", top)).toBeUndefined();
    expect(nearest("x", top)).toBeUndefined();
    expect(nearest("migrate", top)).toBeUndefined();
  });
});
