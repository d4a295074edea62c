export async function runNeovimSmoke() { return []; }
