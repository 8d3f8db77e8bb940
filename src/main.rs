//! The `egready` binary: parse the arguments, run the command, print any error, exit.

use clap::Parser;

fn main() {
    egready::bug::install_hook();
    let cli = egready::cli::Cli::parse();
    let run =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| egready::commands::run(cli)));
    let code = match run {
        Ok(Ok(code)) => code,
        // A bug, already reported by the hook.
        Err(_) => egready::ExitCode::Failure,
        Ok(Err(e)) => {
            // Messages quote input (file names, cells, ids): keep its control sequences off
            // the terminal.
            let message = format!("{e:#}");
            eprintln!("error: {}", egready::output::strip_control_lines(&message));
            e.code()
        }
    };
    std::process::exit(code.code());
}
