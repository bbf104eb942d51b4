// A cursor over the space-separated words of a dm table or status line.
export class DmParseError extends Error {
  constructor(what: string, readonly text: string) {
    super(`cannot parse dm ${what}: '${text}'`);
    this.name = "DmParseError";
  }
}

export class Words {
  private readonly words: string[];
  private i = 0;
  constructor(readonly text: string, private readonly what: string) {
    this.words = text.trim().split(/\s+/).filter(Boolean);
  }
  done(): boolean {
    return this.i >= this.words.length;
  }
  next(): string {
    const w = this.words[this.i++];
    if (w === undefined) throw new DmParseError(this.what, this.text);
    return w;
  }
  count(max = 1 << 20): number {
    const w = this.next();
    if (!/^\d+$/.test(w) || Number(w) > max) throw new DmParseError(this.what, this.text);
    return Number(w);
  }
  take(n: number): string[] {
    const out: string[] = [];
    for (let k = 0; k < n; k++) out.push(this.next());
    return out;
  }
}
