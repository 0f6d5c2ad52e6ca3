use clap::Parser;
use kepuri_server::Config;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "kepuri_server=info,tower_http=warn".into()),
        )
        .init();
    kepuri_server::serve(Config::parse()).await
}
