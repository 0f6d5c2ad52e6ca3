//! `/legal/terms` and `/legal/privacy`: the 用户协议 and the 隐私政策 the login asks the visitor
//! to agree to. The text is the project's own, in a plain text file read when the page opens:
//! a line starting with `## ` is a heading, a blank line ends a paragraph. Shown as text.
use super::me::text::tx;
use crate::api::legal::fetch_legal_text;
use crate::components::Remote;
use crate::state::use_clock;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
}

/// The text as headings and paragraphs.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(para.join("\n")));
            para.clear();
        }
    };
    for line in text.lines().map(str::trim_end) {
        if let Some(h) = line.strip_prefix("## ") {
            flush(&mut para, &mut out);
            out.push(Block::Heading(h.trim().to_string()));
        } else if line.trim().is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut out);
    out
}

#[component]
pub fn LegalPage() -> impl IntoView {
    let params = use_params_map();
    let doc = Memo::new(move |_| match params.read().get("doc").as_deref() {
        Some("privacy") => "privacy",
        _ => "terms",
    });
    let title = move || {
        if doc.get() == "privacy" {
            tx().privacy_title
        } else {
            tx().terms_title
        }
    };
    let text = LocalResource::new(move || fetch_legal_text(doc.get()));
    let clock = use_clock();
    let version = move || {
        let legal = clock.edition().and_then(Result::ok).and_then(|e| e.legal)?;
        Some((tx().legal_version)(if doc.get() == "privacy" {
            &legal.privacy
        } else {
            &legal.terms
        }))
    };
    view! {
        <Title text=title/>
        <article class="page page--narrow legal-page" lang="zh-CN">
            <h1 class="page__title">{title}</h1>
            <p class="muted" data-testid="legal-version">{version}</p>
            <Remote resource=text let:text>
                <div class="prose legal-page__text" data-testid="legal-text">
                    {blocks(&text).into_iter().map(|b| match b {
                        Block::Heading(h) => view! { <h2 class="legal-page__heading">{h}</h2> }.into_any(),
                        Block::Paragraph(p) => view! { <p>{p}</p> }.into_any(),
                    }).collect_view()}
                </div>
            </Remote>
            <button type="button" class="button button--ghost" on:click=move |_| {
                let _ = window().history().and_then(|h| h.back());
            }>{tx().legal_back}</button>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::{blocks, Block};

    #[test]
    fn headings_and_paragraphs_come_from_plain_lines() {
        let b = blocks("## 一、总则\n第一行\n第二行\n\n\n另一段\n## 二、变更");
        assert_eq!(
            b,
            vec![
                Block::Heading("一、总则".into()),
                Block::Paragraph("第一行\n第二行".into()),
                Block::Paragraph("另一段".into()),
                Block::Heading("二、变更".into()),
            ]
        );
    }
}
