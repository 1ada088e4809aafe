//! `locdoc serve`'s rebuild after one page changes, on the generated site
//! of 5 locales x 2,000 pages: the time from the watcher's event to the
//! moment the reload message can go out (re-reading the page, rendering it
//! in every locale and writing it).
//!
//! Run: `cargo bench --bench serve`.

use criterion::{criterion_group, criterion_main, Criterion};
use locdoc::corpus::{generate, page_id, CorpusSpec};
use locdoc::serve::session::PreviewSession;

fn bench_rebuild(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let spec = CorpusSpec {
        pages: 2000,
        messages: 500,
        ..CorpusSpec::default()
    };
    generate(&root, &spec).expect("corpus");
    let out = dir.path().join("out");
    let (mut session, first) =
        PreviewSession::start(&root, &out, &Default::default()).expect("first build");
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    eprintln!(
        "first full render: {} pages in {:.2?}",
        first.pages, first.elapsed
    );

    let rel = format!("content/en/{}.md", page_id(1234));
    let path = root.join(&rel);
    let original = std::fs::read_to_string(&path).expect("page");
    let mut group = c.benchmark_group("serve 5x2000 pages");
    group.sample_size(30);
    let mut n = 0u64;
    group.bench_function("rebuild after editing one page", |b| {
        b.iter(|| {
            n += 1;
            std::fs::write(&path, original.replace("## ", &format!("## edit {n} "))).expect("edit");
            let rebuild = session.apply(std::slice::from_ref(&rel)).expect("rebuild");
            assert!(rebuild.errors.is_empty());
            rebuild
        })
    });
    let ftl = "locales/sv/main.ftl".to_owned();
    let ftl_path = root.join(&ftl);
    let messages = std::fs::read_to_string(&ftl_path).expect("ftl");
    group.sample_size(10);
    group.bench_function("rebuild after editing one locale's messages", |b| {
        b.iter(|| {
            n += 1;
            std::fs::write(&ftl_path, format!("{messages}\nedited-{n} = x\n")).expect("edit");
            session.apply(std::slice::from_ref(&ftl)).expect("rebuild")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_rebuild);
criterion_main!(benches);
