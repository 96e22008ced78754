fn main() {
    std::process::exit(qalint::cli::main());
}
