// The batch input layer and the output helpers are built ahead of the
// commands that use them; until those land, only the tests call them.
#[allow(dead_code)]
mod batch;
#[allow(dead_code)]
mod output;

fn main() {}
