//! What `serve` adds to every page, and a build never does: a bar with the
//! page's translation state and its other locales, and the script that
//! reloads the page after a rebuild or shows the errors that stopped one.

use crate::render::escape_html;

/// One locale's version of the page, for the bar's links.
pub struct Alternate<'a> {
    pub code: &'a str,
    pub url: String,
    pub state: &'a str,
    pub current: bool,
}

fn describe(state: &str) -> &'static str {
    match state {
        "source" => "source",
        "translated" => "translation, up to date",
        "machine" => "machine translation",
        "stale" => "translation, out of date",
        "fallback" => "not translated: shown from the fallback locale",
        _ => "",
    }
}

/// The preview bar for a page in `locale` whose state is `state`.
pub fn bar(locale: &str, state: &str, alternates: &[Alternate]) -> String {
    let mut links = String::new();
    for a in alternates {
        let current = if a.current {
            " aria-current=\"page\""
        } else {
            ""
        };
        links.push_str(&format!(
            "<a href=\"{}\" hreflang=\"{code}\" lang=\"{code}\" title=\"{}\" data-state=\"{}\"{current}>{code}</a> ",
            escape_html(&a.url),
            escape_html(describe(a.state)),
            escape_html(a.state),
            code = escape_html(a.code),
        ));
    }
    format!(
        "<div id=\"locdoc-preview\" role=\"region\" aria-label=\"locdoc preview\" data-state=\"{state_attr}\">\
<span class=\"locdoc-locale\">{locale}</span> <span class=\"locdoc-state\">{text}</span> <span class=\"locdoc-links\">{links}</span></div>\
<style>#locdoc-preview{{position:fixed;z-index:2147483646;left:0;right:0;bottom:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center;\
padding:.35rem .75rem;font:13px/1.4 system-ui,sans-serif;background:#1f2328;color:#f0f3f6;border-top:3px solid #3fb950}}\
#locdoc-preview[data-state=stale],#locdoc-preview[data-state=machine]{{border-top-color:#d29922}}\
#locdoc-preview[data-state=fallback]{{border-top-color:#58a6ff}}\
#locdoc-preview a{{color:#9ecbff;padding:0 .2rem}}#locdoc-preview a[aria-current]{{color:#fff;font-weight:700}}\
#locdoc-preview .locdoc-locale{{font-weight:700}}body{{padding-bottom:2.5rem}}</style>",
        state_attr = escape_html(state),
        locale = escape_html(locale),
        text = escape_html(describe(state)),
    )
}

/// Live reload over Server-Sent Events, and the error overlay. Messages go
/// into the page with `textContent`, never as markup.
pub const SCRIPT: &str = r#"<script>
(function () {
  var overlay = null;
  function show(errors) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'locdoc-overlay';
      overlay.setAttribute('role', 'alertdialog');
      overlay.setAttribute('aria-label', 'locdoc: the last rebuild failed');
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(13,17,23,.97);color:#f0f3f6;padding:2rem;font:14px/1.5 ui-monospace,monospace';
      document.body.appendChild(overlay);
    }
    overlay.textContent = '';
    var title = document.createElement('h2');
    title.style.cssText = 'color:#ff7b72;font:600 18px system-ui,sans-serif;margin:0 0 1rem';
    title.textContent = 'locdoc: the last rebuild failed. The page below is the last good build.';
    overlay.appendChild(title);
    errors.forEach(function (text) {
      var pre = document.createElement('pre');
      // Every property set here: the site's own CSS must not restyle it.
      pre.style.cssText = 'white-space:pre-wrap;margin:0 0 1rem;padding:.75rem 1rem;border:0;border-left:3px solid #ff7b72;border-radius:6px;background:#161b22;color:#f0f3f6;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace';
      pre.textContent = text;
      overlay.appendChild(pre);
    });
  }
  function clear() { if (overlay) { overlay.remove(); overlay = null; } }
  function status() {
    fetch('/__locdoc/status').then(function (r) { return r.json(); }).then(function (s) {
      if (s.errors.length) { show(s.errors); } else { clear(); }
    }).catch(function () {});
  }
  var source = new EventSource('/__locdoc/events');
  source.addEventListener('reload', function () { location.reload(); });
  source.addEventListener('failed', function (e) { show(JSON.parse(e.data).errors); });
  status();
})();
</script>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_escapes_and_marks_the_current_locale() {
        let html = bar(
            "sv",
            "machine",
            &[
                Alternate {
                    code: "en",
                    url: "../../en/x/".to_owned(),
                    state: "source",
                    current: false,
                },
                Alternate {
                    code: "sv",
                    url: "\"><script>".to_owned(),
                    state: "machine",
                    current: true,
                },
            ],
        );
        assert!(html.contains("machine translation"));
        assert!(html.contains("href=\"&quot;&gt;&lt;script&gt;\""));
        assert!(html.contains("aria-current=\"page\">sv</a>"));
    }
}
