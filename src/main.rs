//! The `egready` binary: parse the arguments, run the command, print any error, exit.

use clap::Parser;

fn main() {
    let cli = egready::cli::Cli::parse();
    let code = match egready::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            e.code()
        }
    };
    std::process::exit(code.code());
}
