/* Self-test (应知应会自测): draws questions from the bank embedded in the page as JSON,
   scores the answers and shows the explanations. Runs entirely in the browser: no request is
   made, so it works offline and from file://. Text goes into the page with textContent only. */
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw(questions, size) {
    var pool = questions.slice();
    for (var i = pool.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    return pool.slice(0, Math.min(size, pool.length));
  }

  function chosen(fieldset) {
    var picked = [];
    fieldset.querySelectorAll("input").forEach(function (input) {
      if (input.checked) picked.push(Number(input.value));
    });
    return picked;
  }

  function same(a, b) {
    return a.length === b.length && a.every(function (x) { return b.indexOf(x) >= 0; });
  }

  function start(root, data) {
    var ui = data.ui;
    var round = draw(data.questions, data.size);
    root.textContent = "";
    var form = element("form", { class: "quiz-form" });
    round.forEach(function (q, n) {
      var fieldset = element("fieldset", { class: "quiz-question", "data-id": q.id });
      var legend = element("legend");
      legend.appendChild(element("span", { class: "quiz-kind" }, "[" + ui[q.kind] + "] "));
      legend.appendChild(document.createTextNode(n + 1 + ". " + q.text));
      fieldset.appendChild(legend);
      var type = q.kind === "multiple" ? "checkbox" : "radio";
      q.options.forEach(function (option, i) {
        var label = element("label", { class: "quiz-option" });
        var input = element("input", { type: type, name: "q" + n, value: String(i) });
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + String.fromCharCode(65 + i) + ". " + option));
        fieldset.appendChild(label);
      });
      fieldset.appendChild(element("div", { class: "quiz-feedback", hidden: "" }));
      form.appendChild(fieldset);
    });
    var status = element("p", { class: "quiz-status", role: "status" });
    var submit = element("button", { type: "submit", class: "md-button md-button--primary" }, ui.submit);
    var again = element("button", { type: "button", class: "md-button" }, ui.again);
    again.addEventListener("click", function () { start(root, data); });
    form.appendChild(status);
    form.appendChild(submit);
    form.appendChild(document.createTextNode(" "));
    form.appendChild(again);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fieldsets = form.querySelectorAll("fieldset");
      var open = 0;
      fieldsets.forEach(function (f) { if (!chosen(f).length) open += 1; });
      var right = 0;
      fieldsets.forEach(function (fieldset, n) {
        var q = round[n];
        var ok = same(chosen(fieldset), q.answer);
        if (ok) right += 1;
        fieldset.classList.toggle("quiz-right", ok);
        fieldset.classList.toggle("quiz-wrong", !ok);
        fieldset.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
        var feedback = fieldset.querySelector(".quiz-feedback");
        feedback.textContent = "";
        var letters = q.answer.map(function (i) { return String.fromCharCode(65 + i); }).join("");
        feedback.appendChild(element("p", { class: "quiz-verdict" }, ok ? ui.right : ui.wrong + letters));
        feedback.appendChild(element("p", {}, q.explanation));
        var basis = element("p", {}, ui.basis);
        basis.appendChild(element("a", { href: q.href }, q.cite));
        feedback.appendChild(basis);
        feedback.hidden = false;
      });
      status.textContent = ui.score.replace("{right}", right).replace("{total}", round.length)
        + (open ? " " + ui.unanswered.replace("{n}", open) : "");
      submit.disabled = true;
    });
    root.appendChild(form);
  }

  function init() {
    var root = document.getElementById("quiz");
    var source = document.getElementById("quiz-data");
    if (!root || !source || root.dataset.ready) return;
    root.dataset.ready = "1";
    var data = JSON.parse(source.textContent);
    var button = element("button", { type: "button", class: "md-button md-button--primary" }, data.ui.start);
    button.addEventListener("click", function () { start(root, data); });
    root.textContent = "";
    root.appendChild(button);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
