// The libraries the Word and HTML readers use, loaded only when a corpus holds such a file (see
// libraries.ts): linkedom's DOM, Readability and mammoth.
export { Readability } from "@mozilla/readability";
export { parseHTML } from "linkedom";
export { default as mammoth } from "mammoth";
