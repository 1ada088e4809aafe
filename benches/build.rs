//! The build's in-process stages on the generated corpus of 5 locales x
//! 2,000 pages: loading the site, Markdown with directives (one locale),
//! Markdown and templates together (one locale), and a whole build with
//! writing (cold: no cache, so every page is rendered and written).
//!
//! Run: `cargo bench --bench build`. For whole builds against Hugo, see
//! bench/compare.py.

use criterion::{criterion_group, criterion_main, Criterion};
use locdoc::build::{build, jobs, render_page, BuildOptions, Navigation};
use locdoc::corpus::{generate, CorpusSpec};
use locdoc::render::markdown;
use locdoc::render::templates::Templates;
use locdoc::render::urls::page_dir;

fn bench_build(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let spec = CorpusSpec {
        pages: 2000,
        ..CorpusSpec::default()
    };
    generate(&root, &spec).expect("corpus");
    let load = || {
        locdoc::load::load(&root)
            .map_err(|e| e.to_string())
            .expect("loads")
    };

    let mut group = c.benchmark_group("build 5x2000 pages");
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(load));

    let (site, _) = load();
    let sv: Vec<&locdoc::load::Page> = site
        .pages
        .keys()
        .filter_map(|id| site.resolve(id, "sv").map(|r| r.0))
        .collect();
    group.bench_function("markdown, one locale", |b| {
        b.iter(|| {
            sv.iter()
                .map(|page| {
                    let dir = page_dir(&site, &page.id, "sv");
                    // The corpus's template does not show the headings.
                    markdown::render(&site, page, "sv", &dir, false).html.len()
                })
                .sum::<usize>()
        })
    });

    let (templates, _) = Templates::load(&root, site.l10n.clone());
    let locales = ["sv"];
    let nav = Navigation::new(&site, &locales);
    let sv_jobs = jobs(&site, &locales);
    let options = BuildOptions::default();
    group.bench_function("markdown and templates, one locale", |b| {
        b.iter(|| {
            sv_jobs
                .iter()
                .map(|job| {
                    render_page(&site, &templates, &nav, job, &options)
                        .html
                        .map_or(0, |h| h.len())
                })
                .sum::<usize>()
        })
    });

    let out = dir.path().join("public");
    group.bench_function("whole build with writing (cold)", |b| {
        b.iter(|| {
            let _ = std::fs::remove_dir_all(&out);
            let options = BuildOptions {
                out: out.clone(),
                ..BuildOptions::default()
            };
            build(&site, Default::default(), &options).expect("builds")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_build);
criterion_main!(benches);
