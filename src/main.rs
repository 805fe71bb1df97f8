fn main() {
    std::process::exit(tingping::cli::main());
}
