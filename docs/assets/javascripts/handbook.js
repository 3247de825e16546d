/* Small page helpers, served from the site itself: article citations, table filter and sort. */
(function () {
  var ICON = '<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true"><path fill="currentColor" d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 1 1 4.2 4.2l-2 2a1 1 0 0 1-1.4-1.4l2-2a1 1 0 0 0-1.4-1.4l-3.5 3.5a1 1 0 0 1-1.4 0zm2.8-2.8a1 1 0 0 1 0 1.4l-3.5 3.5a3 3 0 1 1-4.2-4.2l2-2a1 1 0 0 1 1.4 1.4l-2 2a1 1 0 0 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0z"/></svg>';
  var EN = document.documentElement.lang === "en";
  // Copy to the clipboard where the browser allows it (HTTPS or localhost); on a plain-HTTP
  // intranet host there is no clipboard API, so show the text selected, ready for Ctrl+C.
  function copy(text, button, where) {
    function done() {
      button.textContent = "✓";
      setTimeout(function () { button.innerHTML = ICON; }, 1500);
    }
    function manual() {
      var box = where.querySelector(".hb-cite__text");
      if (!box) {
        box = document.createElement("input");
        box.className = "hb-cite__text";
        box.readOnly = true;
        box.setAttribute("aria-label", EN ? "Citation to copy (Ctrl+C)" : "引用文字，按 Ctrl+C 复制");
        where.appendChild(box);
      }
      box.value = text;
      box.focus();
      box.select();
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, manual);
    } else {
      manual();
    }
  }
  // Article ids differ by language (第五条 / article-5): carry the article across the switch.
  var DIGITS = "零一二三四五六七八九";
  function toChinese(n) {
    if (n < 10) return DIGITS[n];
    var tens = Math.floor(n / 10), ones = n % 10;
    return (tens === 1 ? "" : DIGITS[tens]) + "十" + (ones ? DIGITS[ones] : "");
  }
  function fromChinese(text) {
    var total = 0, current = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (c === "十") { total += (current || 1) * 10; current = 0; }
      else current = DIGITS.indexOf(c);
    }
    return total + current;
  }
  function otherAnchor(hash, toEnglish) {
    var id = decodeURIComponent(hash.replace(/^#/, ""));
    var zh = /^第([零一二三四五六七八九十]+)条$/.exec(id), en = /^article-(\d+)$/.exec(id);
    if (toEnglish && zh) return "#article-" + fromChinese(zh[1]);
    if (!toEnglish && en) return "#" + encodeURIComponent("第" + toChinese(+en[1]) + "条");
    return "";
  }
  function languageLinks() {
    document.querySelectorAll(".md-select a[hreflang]").forEach(function (a) {
      var base = a.getAttribute("href").split("#")[0];
      a.setAttribute("href", base + otherAnchor(location.hash, a.getAttribute("hreflang") === "en"));
    });
  }
  window.addEventListener("hashchange", languageLinks);
  function setup() {
    languageLinks();
    // Material's search box is a role="dialog" without a name; screen readers announce it
    // nameless. Name it after its own (already translated) input label.
    var search = document.querySelector(".md-search[role=dialog]");
    var query = document.querySelector(".md-search__input[aria-label]");
    if (search && query && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", query.getAttribute("aria-label"));
    }
    // A nav section with an index page is labelled by its icon-only toggle: an empty name,
    // so screen readers list several unnamed, indistinguishable navigation landmarks.
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      var title = nav.querySelector(":scope > .md-nav__title");
      if (label && !label.textContent.trim() && title && title.textContent.trim()) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", title.textContent.trim());
      }
    });
    // Tables and charts wider than a phone scroll sideways: a keyboard user must be able to
    // focus the scrolling box to scroll it (only when it does scroll, to spare Tab stops).
    // The region's name: the chart's own title, else the heading the box stands under.
    function regionName(box) {
      var own = box.querySelector("caption, svg > title, svg[aria-label]");
      if (own) return own.getAttribute("aria-label") || own.textContent.trim();
      for (var n = box; n && !n.matches("article"); n = n.previousElementSibling || n.parentElement) {
        if (/^H[1-6]$/.test(n.tagName)) return n.textContent.replace(/[¶#]\s*$/, "").trim();
      }
      return document.title;
    }
    function scrollers() {
      document.querySelectorAll(".md-typeset__scrollwrap, .hb-chart").forEach(function (box) {
        if (box.scrollWidth > box.clientWidth + 1) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", regionName(box));
        } else if (box.getAttribute("role") === "region") {
          ["tabindex", "role", "aria-label"].forEach(function (a) { box.removeAttribute(a); });
        }
      });
    }
    scrollers();
    window.addEventListener("resize", scrollers);
    // Material wraps each code block's copy button in a <nav>: not navigation, and a page of
    // code blocks lists a run of unnamed landmarks. The theme adds them after load.
    function unNav(root) {
      root.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
        nav.setAttribute("role", "none");
      });
    }
    unNav(document);
    new MutationObserver(function () { unNav(document); })
      .observe(document.querySelector("article") || document.body, { childList: true, subtree: true });
    // "Copy citation" button on each article: 《制度名》第三条 + link
    document.querySelectorAll("p.article[id]").forEach(function (p) {
      if (p.querySelector(".hb-cite")) return;
      var button = document.createElement("button");
      button.className = "hb-cite";
      button.type = "button";
      button.title = EN ? "Copy citation and link" : "复制引用和链接";
      button.innerHTML = ICON;
      button.addEventListener("click", function () {
        // The link keeps the readable article id (#第三条), as people paste it into documents.
        var url = location.href.split("#")[0] + "#" + p.id;
        var text = (p.dataset.cite || p.id) + " " + url;
        history.replaceState(null, "", "#" + encodeURIComponent(p.id));
        languageLinks();
        copy(text, button, p);
      });
      p.appendChild(button);
    });
    // Filter: an input.hb-filter__input filters the rows of the table in the same .hb-filter
    document.querySelectorAll(".hb-filter__input").forEach(function (input) {
      var table = input.closest(".hb-filter").querySelector("table");
      if (!table) return;
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        table.querySelectorAll("tbody tr").forEach(function (tr) {
          tr.style.display = !q || tr.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
        });
      });
    });
    // Sort: each header of a table inside .hb-sortable holds a button (keyboard and screen
    // readers reach it); aria-sort tells which column the rows are sorted by.
    document.querySelectorAll(".hb-sortable table").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      headers.forEach(function (th, col) {
        if (th.querySelector(".hb-sort")) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "hb-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        th.setAttribute("aria-sort", "none");
        button.addEventListener("click", function () {
          var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
          var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
          headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
          th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
          rows.sort(function (a, b) {
            var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
            // Numbers (1,234 / 3.5 / 30%) by value; dates and text as text (ISO dates sort right).
            var number = /^-?[\d,]*\.?\d+%?$/;
            if (number.test(x) && number.test(y)) {
              return (parseFloat(x.replace(/,/g, "")) - parseFloat(y.replace(/,/g, ""))) * dir;
            }
            return x.localeCompare(y, "zh-CN") * dir;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
