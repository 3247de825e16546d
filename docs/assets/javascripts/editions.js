/* Rules over time (handbook.editions): review dates judged by the reader's clock, and the
   rule index's "rules in force on a date" table. Offline, no modules: works from file://. */
(function () {
  "use strict";
  var SOON_DAYS = 90; // keep in step with editions.SOON_DAYS

  function isoToday() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function daysBetween(from, to) {
    var a = Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
    var b = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10));
    return Math.round((b - a) / 86400000);
  }

  function reviewState(due, today) {
    if (due < today) return "overdue";
    return daysBetween(today, due) <= SOON_DAYS ? "soon" : "ok";
  }

  function reviews() {
    var today = isoToday();
    var spans = document.querySelectorAll(".hb-review[data-review-due]");
    Array.prototype.forEach.call(spans, function (span) {
      var state = reviewState(span.getAttribute("data-review-due"), today);
      span.className = "hb-review hb-review--" + state;
      var note = span.querySelector(".hb-review__note");
      if (note) note.textContent = state === "ok" ? "" : span.getAttribute("data-" + state);
    });
    var lists = document.querySelectorAll(".hb-review-list");
    Array.prototype.forEach.call(lists, function (list) {
      var shown = 0;
      var rows = list.querySelectorAll("tr[data-review-due]");
      Array.prototype.forEach.call(rows, function (row) {
        var ok = reviewState(row.getAttribute("data-review-due"), today) === "ok";
        row.hidden = ok;
        if (!ok) shown += 1;
      });
      var empty = list.querySelector(".hb-review-list__empty");
      if (empty) empty.textContent = shown ? "" : list.getAttribute("data-empty");
    });
  }

  function inForce(periods, day) {
    var found = null;
    periods.forEach(function (p) { if (p.from <= day) found = p; });
    return found;
  }

  function pointInTime(box) {
    var script = box.querySelector(".hb-pit__data");
    var input = box.querySelector(".hb-pit__date");
    var body = box.querySelector(".hb-pit__table tbody");
    if (!script || !input || !body) return;
    var data = JSON.parse(script.textContent);
    function show() {
      var day = input.value || box.getAttribute("data-default");
      body.textContent = "";
      data.rules.forEach(function (rule) {
        var row = document.createElement("tr");
        row.setAttribute("data-rule", rule.id);
        var name = document.createElement("td");
        name.textContent = rule.id + " " + rule.title;
        var cell = document.createElement("td");
        var period = inForce(rule.periods, day);
        var state = !period ? "none" : period.current ? "current" : period.href ? "earlier" : "missing";
        row.setAttribute("data-state", state);
        var text = state === "none" ? data.words.none
          : state === "current" ? data.words.current
          : data.words[state].replace("{v}", period.v);
        if (period && period.href) {
          var link = document.createElement("a");
          link.href = period.href;
          link.textContent = text;
          cell.appendChild(link);
        } else {
          cell.textContent = text;
        }
        row.appendChild(name);
        row.appendChild(cell);
        body.appendChild(row);
      });
    }
    input.addEventListener("change", show);
    input.addEventListener("input", show);
    show();
  }

  function setup() {
    reviews();
    Array.prototype.forEach.call(document.querySelectorAll(".hb-pit"), pointInTime);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
