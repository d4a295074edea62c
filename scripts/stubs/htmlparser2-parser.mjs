// linkedom uses only htmlparser2's Parser; the package's index also brings its DOM builder and
// serializer (with their entity tables), which nothing here runs. Saves about 90 KB.
export { Parser } from "../../node_modules/htmlparser2/dist/esm/Parser.js";
