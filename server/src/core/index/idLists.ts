// The id lists of the fact index, built claim by claim and read once the corpus is indexed.

const NO_IDS = new Int32Array(0);
/** Room for this many (list, id) pairs in each chunk of appended pairs. */
const CHUNK_PAIRS = 1 << 15;

/**
 * Lists of ascending ids, built by appending: each append is a (list, id) pair in chunks of a fixed
 * size that are never copied, and the lists are made from them, as typed arrays of their exact
 * length, when next read. (A JS array per list is copied each time it grows: in a large corpus the
 * copies, three times the lists' size, are garbage in the old generation until a full collection.)
 */
export class IdLists {
  private readonly settled: Int32Array[] = [];
  /** Each list's last id, appended or settled: ids ascend, so a repeat is the last. */
  private readonly last: number[] = [];
  private chunks: Int32Array[] = [];
  /** Numbers used of the last chunk (two per pair). */
  private filled = 0;
  private pending = 0;

  get count(): number {
    return this.settled.length;
  }

  /** A new list, empty or holding ids read back (ascending): its number. */
  create(ids: Int32Array = NO_IDS): number {
    this.last.push(ids.length > 0 ? ids[ids.length - 1] : -1);
    return this.settled.push(ids) - 1;
  }

  /** Adds an id, greater than or equal to every id of the list (an id equal to its last is there already). */
  append(list: number, id: number): void {
    if (this.last[list] === id) return;
    this.last[list] = id;
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || this.filled === chunk.length) {
      this.chunks.push((chunk = new Int32Array(2 * CHUNK_PAIRS)));
      this.filled = 0;
    }
    chunk[this.filled++] = list;
    chunk[this.filled++] = id;
    this.pending++;
  }

  /** A list's ids, ascending. */
  get(list: number): Int32Array {
    if (this.pending > 0) this.settle();
    return this.settled[list];
  }

  /** Makes the lists of the pairs appended since they were last made (each list grown once, to its length). */
  settle(): void {
    if (this.pending === 0) return;
    const added = new Int32Array(this.settled.length);
    this.eachPending((list) => added[list]++);
    const at = new Int32Array(this.settled.length);
    for (let list = 0; list < added.length; list++) {
      if (added[list] === 0) continue;
      const old = this.settled[list];
      const grown = new Int32Array(old.length + added[list]);
      grown.set(old);
      at[list] = old.length;
      this.settled[list] = grown;
    }
    this.eachPending((list, id) => (this.settled[list][at[list]++] = id));
    this.chunks = [];
    this.filled = 0;
    this.pending = 0;
  }

  private eachPending(visit: (list: number, id: number) => void): void {
    this.chunks.forEach((chunk, k) => {
      const end = k === this.chunks.length - 1 ? this.filled : chunk.length;
      for (let i = 0; i < end; i += 2) visit(chunk[i], chunk[i + 1]);
    });
  }
}
