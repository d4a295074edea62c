// How V8 is told to run the engine in the language server and the CLI (and in the benchmarks,
// which measure the engine as those two run it).
//
// A cold check or a cold index spends much of its CPU in the optimizing compiler: the stage
// functions call many small helpers, and V8 inlines them all into each caller, so one compile of
// the block analysis took 50-75 ms. A smaller cumulative inlining budget (default 920 bytes of
// bytecode) measured: the first check of a dense 100 KB draft 440-540 -> 330-420 ms of CPU, a cold
// CLI run over 5 MB of sources 2.7 -> 2.3 s, steady checks unchanged (bench/results/latest.txt).
import { setFlagsFromString } from "node:v8";

export const V8_FLAGS = ["--max-inlined-bytecode-size-cumulative=300"];

/** Applies V8_FLAGS; call before the engine runs (the flags are read when a function is optimized). */
export function applyV8Tuning(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
