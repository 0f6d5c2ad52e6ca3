use clap::Parser;
use kepuri_server::grant::GrantArgs;
use kepuri_server::Config;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "kepuri_server=info,tower_http=warn".into()),
        )
        .init();
    // `kepuri-server grant …` grants a 登记填报 role; anything else runs the server.
    let mut args = std::env::args_os();
    if std::env::args_os().nth(1).is_some_and(|a| a == "grant") {
        let program = args.next().unwrap_or_default();
        args.next();
        let grant = GrantArgs::parse_from(std::iter::once(program).chain(args));
        return match kepuri_server::grant::run(&grant) {
            Ok(done) => {
                println!("{done}");
                Ok(())
            }
            Err(e) => {
                eprintln!("kepuri-server grant: {e}");
                std::process::exit(2);
            }
        };
    }
    kepuri_server::serve(Config::parse()).await
}
