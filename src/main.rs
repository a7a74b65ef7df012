fn main() {
    std::process::exit(mlready::cli::run(std::env::args_os().collect()));
}
