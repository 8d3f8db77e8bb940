// The report module is registered here until the library crate exists; the
// command-line code does not call it yet.
#[allow(dead_code)]
mod report;

fn main() {}
