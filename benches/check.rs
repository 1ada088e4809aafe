//! `locdoc check` on the generated corpus of 5 locales x 2,000 pages
//! (~5 KB each) and 500 messages per locale: loading the site, and the
//! whole check (coverage and every lint) on the loaded site.
//!
//! Run: `cargo bench --bench check`. The corpus is generated once into a
//! temporary folder, deterministically, so runs compare like with like.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use locdoc::check::{check, CheckOptions};
use locdoc::corpus::{generate, CorpusSpec};

fn bench_check(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let spec = CorpusSpec {
        pages: 2000,
        messages: 500,
        ..CorpusSpec::default()
    };
    generate(&root, &spec).expect("corpus");
    let load = |root: &Path| {
        locdoc::load::load(root)
            .map_err(|e| e.to_string())
            .expect("loads")
    };

    let mut group = c.benchmark_group("check 5x2000 pages, 500 messages");
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| load(&root)));
    group.bench_function("load + check", |b| {
        b.iter(|| {
            let (site, loaded) = load(&root);
            check(&site, loaded, &CheckOptions::default())
        })
    });
    let (site, _) = load(&root);
    group.bench_function("check on a loaded site", |b| {
        b.iter(|| check(&site, Default::default(), &CheckOptions::default()))
    });
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
