import { describe, expect, it } from "vitest";
import { compileMapping } from "../../src/util/subject-mapping.js";

const map = (src: string, dest: string, subj: string) => compileMapping(src, dest).match(subj);

describe("subject mapping (the server's transform rules)", () => {
  it("wildcard references, legacy $N and >", () => {
    expect(map("TEST.*", "TEST.a.{{wildcard(1)}}", "TEST.local")).toBe("TEST.a.local");
    expect(map("a.*.*", "b.$2.$1", "a.x.y")).toBe("b.y.x");
    expect(map("a.*.>", "b.{{ Wildcard(1) }}.>", "a.x.y.z")).toBe("b.x.y.z");
    expect(map("foo", "bar", "foo")).toBe("bar");
  });

  it("partition hashes with FNV-1a like the server", () => {
    // FNV-1a 32 of "1234" is 0xfdc422fd; mod 10 = 1
    expect(map("orders.*", "orders.{{partition(10,1)}}.{{wildcard(1)}}", "orders.1234")).toBe("orders.1.1234");
  });

  it("split, splitFromLeft/Right, sliceFromLeft/Right, left, right", () => {
    expect(map("*", "{{split(1,-)}}", "-a--b-")).toBe("a.b");
    expect(map("*", "{{splitFromLeft(1,3)}}", "abcdef")).toBe("abc.def");
    expect(map("*", "{{splitFromRight(1,2)}}", "abcdef")).toBe("abcd.ef");
    expect(map("*", "{{sliceFromLeft(1,2)}}", "abcde")).toBe("ab.cd.e");
    expect(map("*", "{{sliceFromRight(1,2)}}", "abcde")).toBe("a.bc.de");
    expect(map("*", "{{left(1,2)}}.{{right(1,2)}}", "abcde")).toBe("ab.de");
    expect(map("*", "{{left(1,9)}}", "abc")).toBe("abc");
  });

  it("refuses bad patterns and subjects with a message naming the token", () => {
    expect(() => compileMapping("a.*", "b.{{wildcard(2)}}")).toThrow(/wildcard index 2 out of range/);
    expect(() => compileMapping("a.*", "b.{{nope(1)}}")).toThrow(/unknown function/);
    expect(() => compileMapping("a.>", "b.*")).toThrow(/may not contain "\*"/);
    expect(() => compileMapping("a", "b.{{wildcard(1)}}")).toThrow(/no "\*" wildcards/);
    expect(() => map("a.*", "b.$1", "c.d")).toThrow(/does not match the source pattern "a\.\*"/);
  });
});
