export async function runUiScript() { return []; }
