import { describe, expect, test } from "bun:test";
import { joinCommand } from "../../../src/tools/multipathd/client.ts";

describe("multipathd client command line", () => {
  test("each word is followed by a space, then a newline", () => {
    expect(joinCommand(["show", "maps"])).toBe("show maps \n");
  });
  test("words with spaces are quoted", () => {
    expect(joinCommand(["show", "paths", "format", "%d %w"])).toBe('show paths format "%d %w" \n');
  });
  test("160 bytes or more is too large", () => {
    expect(joinCommand(["x".repeat(158)])).toBe(`${"x".repeat(158)} \n`);
    expect(joinCommand(["x".repeat(159)])).toBeNull();
  });
});
