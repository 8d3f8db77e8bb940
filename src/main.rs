//! The `egready` binary: parse the arguments, run the command, print any error, exit.

use clap::Parser;

fn main() {
    let cli = egready::cli::Cli::parse();
    let code = match egready::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Messages quote input (file names, cells, ids): keep its control sequences off
            // the terminal.
            let message = format!("{e:#}");
            eprintln!("error: {}", egready::output::strip_control_lines(&message));
            e.code()
        }
    };
    std::process::exit(code.code());
}
