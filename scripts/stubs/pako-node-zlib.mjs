// Stands in for pako in the bundles: jszip (inside the Word reader) inflates and deflates raw
// streams with pako's classes, pushing its chunks and then an empty last one; Node's own zlib does
// the same work. Saves about 46 KB of the server bundle (the .vsix stays under its 1 MB bound).
// A damaged stream throws (zlib's error) where pako would have handed back nothing.
import { deflateRawSync, inflateRawSync } from "node:zlib";

class RawStream {
  constructor(run) {
    this.run = run;
    this.chunks = [];
    this.onData = () => {};
  }

  push(data, last) {
    if (data.length > 0) this.chunks.push(data instanceof Uint8Array ? data : Uint8Array.from(data));
    if (!last) return true;
    const out = this.run(Buffer.concat(this.chunks));
    this.chunks = [];
    this.onData(new Uint8Array(out.buffer, out.byteOffset, out.length));
    return true;
  }
}

export class Inflate extends RawStream {
  constructor() {
    super((input) => inflateRawSync(input));
  }
}

export class Deflate extends RawStream {
  constructor(options = {}) {
    const level = options.level === undefined || options.level === -1 ? undefined : options.level;
    super((input) => deflateRawSync(input, level === undefined ? {} : { level }));
  }
}
