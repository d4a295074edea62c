// An esbuild plugin that makes markdown-it's class fields plain assignments in the bundle.
//
// markdown-it's dist files are compiled for engines without class fields: every field of every
// Token and parser state is set through one shared helper, `_defineProperty(this, "name", value)`,
// which converts the key, asks `name in this`, then stores by a computed key. All instances of all
// classes pass through that one function, so the engine cannot specialise it: about a third of
// markdown-it's parse time went there.
//
// For a fresh instance, defining a field and assigning it are the same thing unless an accessor or
// a read-only property of that name sits on its prototype chain. The plugin checks that this file
// declares no accessor of any field's name (and no field is `__proto__`), then sends the calls on
// `this` to helpers that assign, one per field name. Static fields (on the classes themselves)
// keep the original helper. If the file is not as expected (another markdown-it version), it is
// bundled unchanged and the build says so.
import { readFile } from "node:fs/promises";

const HELPER = `function _defineProperty(e, r, t) {
	return (r = toPropertyKey(r)) in e ? Object.defineProperty(e, r, {
		value: t,
		enumerable: !0,
		configurable: !0,
		writable: !0
	}) : e[r] = t, e;
}`;

/**
 * One assigning helper per field name: each stores by its own name, so the store is specialised
 * to the few classes that have the field (one helper taking the name stored by a computed key,
 * seen with every field of every class, whenever the engine did not inline it).
 */
const assigningHelper = (name) => `
/** The class field "${name}" on a fresh instance, assigned (see scripts/markdownItFields.mjs). */
function _initField$${name}(e, t) {
	e.${name} = t;
	return e;
}`;

/** `_defineProperty(this, /* doc comment *\/ "name",`: a field initialised in a constructor. */
const FIELD_ON_THIS = /_defineProperty\(\s*this,\s*(?:\/\*[\s\S]*?\*\/\s*)?"([A-Za-z_$][\w$]*)",/g;

/**
 * The source with the instance fields assigned, and the field names; or the source unchanged and
 * why, when the helper or the fields are not as this plugin expects.
 */
export function withAssignedFields(source) {
  if (!source.includes(HELPER)) return { source, reason: "its field helper is not the one expected" };
  const names = new Set();
  const patched = source.replace(FIELD_ON_THIS, (_, name) => {
    names.add(name);
    return `_initField$${name}(this,`;
  });
  if (names.size === 0) return { source, reason: "no field initialised on `this` was found" };
  if (/__define[GS]etter__/.test(source)) return { source, reason: "it defines accessors by __defineGetter__" };
  for (const name of names) {
    const quoted = name.replace(/\$/g, "\\$");
    // `get name(` in a class or object, or Object.defineProperty (or its alias __defProp) on that name.
    const accessor = new RegExp(`\\b(?:get|set)\\s+${quoted}\\s*\\(|(?:Object\\.|Reflect\\.|__)def(?:ineProperty|Prop)\\([^,]*,\\s*["']${quoted}["']`);
    if (name === "__proto__" || accessor.test(source)) return { source, reason: `a property named "${name}" may not be a plain field` };
  }
  return { source: patched.replace(HELPER, HELPER + [...names].map(assigningHelper).join("")), names: [...names] };
}

/** markdown-it's ES module and CommonJS bundles. */
export const MARKDOWN_IT_DIST = /[\\/]markdown-it[\\/]dist[\\/]markdown-it\.(?:mjs|cjs\.js)$/;

export const markdownItFields = {
  name: "markdown-it-fields",
  setup(build) {
    build.onLoad({ filter: MARKDOWN_IT_DIST }, async (args) => {
      const { source, reason } = withAssignedFields(await readFile(args.path, "utf8"));
      if (reason) return { contents: source, loader: "js", warnings: [{ text: `markdown-it bundled as it is: ${reason}` }] };
      return { contents: source, loader: "js" };
    });
  },
};
