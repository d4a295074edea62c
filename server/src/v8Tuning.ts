// How V8 is told to run the engine in the language server and the CLI (and in the benchmarks,
// which measure the engine as those two run it).
//
// A first check or a cold index spent much of its CPU in the optimizing compiler, on two counts:
// - The stage functions call many small helpers, and V8 inlined them all into each caller, so one
//   compile of the block analysis took 50-75 ms. A smaller cumulative inlining budget (default 920
//   bytes of bytecode) compiles less and runs as fast.
// - Functions were optimized after little feedback, then deoptimized and optimized again. Waiting
//   for about twice the default interrupt budget (67,584) optimizes each once, a little later
//   (four times was better still for a first check, worse for the values of the second to fourth).
// Measured (CPU, four runs each): the first check of the dense 100 KB draft 340-420 -> 220-240 ms;
// the second to fourth checks of 100 KB of sentences of 25 dates 940-1000 -> 890-950 ms per MB, of
// 25 ranges 800-860 -> 740-800; a cold CLI run over 5 MB 2.7 -> 2.3 s; steady checks unchanged
// (bench/results/latest.txt).
import { setFlagsFromString } from "node:v8";

export const V8_FLAGS = ["--max-inlined-bytecode-size-cumulative=300", "--interrupt-budget=150000"];

/** Applies V8_FLAGS; call before the engine runs (the flags are read when a function is optimized). */
export function applyV8Tuning(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
