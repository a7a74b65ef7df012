// glibc's allocator was a sixth of a small run's time (many short-lived
// allocations from two threads while regexes compile); mimalloc halves that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(mlready::cli::run(std::env::args_os().collect()));
}
