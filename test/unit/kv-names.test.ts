import { describe, expect, it } from "vitest";
import { isPrintable, valueText } from "../../src/commands/kv/shared/values.js";
import { checkBucketName, checkKey } from "../../src/jetstream/buckets.js";

const msg = (fn: () => void) => {
  try { fn(); } catch (e) { return `${(e as Error).message} [${(e as { exitCode?: number }).exitCode}]`; }
  return "ok";
};

describe("bucket and key validation", () => {
  it("names the character a bucket name may not contain", () => {
    expect(msg(() => checkBucketName("ok-bucket_1"))).toBe("ok");
    expect(msg(() => checkBucketName("a.b"))).toBe('invalid bucket name "a.b": "." is not allowed [2]');
    expect(msg(() => checkBucketName("a b"))).toBe('invalid bucket name "a b": a space is not allowed [2]');
    expect(msg(() => checkBucketName("ü"))).toBe('invalid bucket name "ü": "ü" is not allowed [2]');
    expect(msg(() => checkBucketName(""))).toBe("bucket name cannot be empty [2]");
  });

  it("accepts natscli's key alphabet and names what is wrong", () => {
    expect(msg(() => checkKey("users.bob/home=1_-"))).toBe("ok");
    expect(msg(() => checkKey("a:b"))).toBe('invalid key "a:b": ":" is not allowed [2]');
    expect(msg(() => checkKey("a.>"))).toBe('invalid key "a.>": ">" is not allowed (wildcards only work in filters) [2]');
    expect(msg(() => checkKey("a."))).toBe('invalid key "a.": it may not start or end with "." [2]');
    expect(msg(() => checkKey("a..b"))).toBe('invalid key "a..b": ".." (an empty token) is not allowed [2]');
  });

  it("allows whole-token wildcards in filters only", () => {
    expect(msg(() => checkKey("users.*.x", true))).toBe("ok");
    expect(msg(() => checkKey(">", true))).toBe("ok");
    expect(msg(() => checkKey("a*.b", true))).toBe('invalid key filter "a*.b": wildcards must be whole tokens ("a*") [2]');
    expect(msg(() => checkKey(">.a", true))).toBe('invalid key filter ">.a": ">" must be the last token [2]');
  });
});

describe("value display", () => {
  it("shows text as text and binary as base64", () => {
    expect(isPrintable(Buffer.from("héllo\n\tworld"))).toBe(true);
    expect(isPrintable(Buffer.from([0xff, 0xfe]))).toBe(false);
    expect(valueText(Buffer.from([0, 1, 2]))).toBe("AAEC");
    expect(valueText(Buffer.from("plain"))).toBe("plain");
  });
});
