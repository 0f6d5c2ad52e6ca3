//! Generated cover images: deterministic SVGs in the theme's colour, so every activity has a real
//! cover without shipping photos.
use crate::db::activities::theme_color;
use crate::problem::Problem;
use crate::routes::fnv1a;
use crate::seed::rng::Rng;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;

/// `GET /media/covers/activities/{id}.svg`: the activity cover in its theme's colour.
pub async fn cover(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, Problem> {
    generated_svg(&state, &file, theme_color, |id, color| {
        cover_svg(id, &color)
    })
    .await
}

/// The one handler behind every generated picture: `file` is `{id}.svg`; `find` looks up what
/// the picture needs (in the database task), `draw` draws it. A file without `.svg` or an id
/// `find` does not know is a 404.
pub async fn generated_svg<T, F, D>(
    state: &AppState,
    file: &str,
    find: F,
    draw: D,
) -> Result<Response, Problem>
where
    T: Send + 'static,
    F: FnOnce(&Connection, &str) -> rusqlite::Result<Option<T>> + Send + 'static,
    D: FnOnce(&str, T) -> String,
{
    let Some(id) = file.strip_suffix(".svg").map(str::to_string) else {
        return Err(Problem::not_found("没有这张图片"));
    };
    let lookup = id.clone();
    let found = state.db.run(move |conn| Ok(find(conn, &lookup)?)).await?;
    let found = found.ok_or_else(|| Problem::not_found("没有这张图片"))?;
    Ok(svg_response(draw(&id, found)))
}

/// A cover with a play button on it, for what always plays (challenge entries).
pub fn with_play_button(svg: String) -> String {
    svg.replace(
        "</svg>",
        r##"<circle cx="360" cy="180" r="46" fill="#000" fill-opacity=".35"/><path d="M344 154 L386 180 L344 206Z" fill="#fff"/></svg>"##,
    )
}

/// A generated SVG: its URL names exactly one picture, so it is cached for good.
pub fn svg_response(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        body,
    )
        .into_response()
}

/// A 2:1 cover: a diagonal gradient in `color`, soft circles and a wave, placed by the id's hash
/// (so the same id always draws the same picture, and an immutable cache is safe).
pub fn cover_svg(id: &str, color: &str) -> String {
    let mut rng = Rng::new(fnv1a(id.as_bytes()));
    let mut next = |m: u64| rng.below(m as usize) as u64;
    let (c1x, c1y, c1r) = (420 + next(260), 20 + next(120), 70 + next(60));
    let (c2x, c2y, c2r) = (60 + next(200), 220 + next(80), 40 + next(50));
    let wave = 180 + next(60);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 360" width="720" height="360"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{color}"/><stop offset="1" stop-color="{color}" stop-opacity=".72"/></linearGradient></defs><rect width="720" height="360" fill="url(#g)"/><circle cx="{c1x}" cy="{c1y}" r="{c1r}" fill="#fff" fill-opacity=".16"/><circle cx="{c2x}" cy="{c2y}" r="{c2r}" fill="#fff" fill-opacity=".12"/><path d="M0 {wave} C 180 {w1} 360 {w2} 720 {wave} V360 H0Z" fill="#fff" fill-opacity=".14"/><circle cx="{c3x}" cy="{c3y}" r="6" fill="#fff" fill-opacity=".6"/><circle cx="{c4x}" cy="{c4y}" r="4" fill="#fff" fill-opacity=".5"/></svg>"##,
        w1 = wave - 70,
        w2 = wave + 60,
        c3x = 100 + next(500),
        c3y = 40 + next(100),
        c4x = 200 + next(400),
        c4y = 60 + next(80),
    )
}
