// The output helpers are built ahead of the commands that use them; until
// those land, only the tests call them.
#[allow(dead_code)]
mod output;

fn main() {}
