/* Small page helpers, served from the site itself: article citations, table filter and sort. */
(function () {
  var ICON = '<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true"><path fill="currentColor" d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 1 1 4.2 4.2l-2 2a1 1 0 0 1-1.4-1.4l2-2a1 1 0 0 0-1.4-1.4l-3.5 3.5a1 1 0 0 1-1.4 0zm2.8-2.8a1 1 0 0 1 0 1.4l-3.5 3.5a3 3 0 1 1-4.2-4.2l2-2a1 1 0 0 1 1.4 1.4l-2 2a1 1 0 0 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0z"/></svg>';
  function setup() {
    // "Copy citation" button on each article: 《制度名》第三条 + link
    document.querySelectorAll("p.article[id]").forEach(function (p) {
      if (p.querySelector(".hb-cite")) return;
      var button = document.createElement("button");
      button.className = "hb-cite";
      button.type = "button";
      button.title = document.documentElement.lang === "en" ? "Copy citation and link" : "复制引用和链接";
      button.innerHTML = ICON;
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + encodeURIComponent(p.id);
        var text = (p.dataset.cite || p.id) + " " + url;
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text);
        history.replaceState(null, "", "#" + encodeURIComponent(p.id));
        button.textContent = "✓";
        setTimeout(function () { button.innerHTML = ICON; }, 1500);
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
    // Sort: click a header of a table inside .hb-sortable
    document.querySelectorAll(".hb-sortable table").forEach(function (table) {
      table.querySelectorAll("th").forEach(function (th, col) {
        th.addEventListener("click", function () {
          var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
          var dir = th.dataset.dir === "asc" ? -1 : 1;
          th.dataset.dir = dir === 1 ? "asc" : "desc";
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
