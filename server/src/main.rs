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
    let config = Config::parse();
    let (addr, handle) = kepuri_server::spawn(config).await?;
    tracing::info!("listening on http://{addr}");
    tokio::select! {
        result = handle => result??,
        _ = tokio::signal::ctrl_c() => tracing::info!("shutting down"),
    }
    Ok(())
}
