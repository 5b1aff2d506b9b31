/* Catalogue explorer (/catalogue/): facets with counts, a text filter, sorting, and the state in the URL.
   Reads the compact data written at build time (explorer.json, see hooks/learning_catalog/explorer.py).
   No framework, no other host: one small script, loaded only on the catalogue page. */
(function () {
  "use strict";
  var root = document.getElementById("lp-explorer");
  if (!root) return;
  var PAGE = 50;
  /* The page gives the interface strings in its language (data-strings; see hooks/learning_catalog/i18n.py). */
  var STRINGS = JSON.parse(root.getAttribute("data-strings") || "{}");
  var plural = new Intl.PluralRules(document.documentElement.lang || "en");
  var RTL = /^(ar|fa|he|ur|yi|ps|sd|ug|dv|ku)$/;  /* languages written right to left (i18n.RIGHT_TO_LEFT_SCRIPTS) */
  function tr(text, values) {
    var found = STRINGS[text] || text;
    if (typeof found === "object") found = found[plural.select(values.num)] || found.other;
    return found.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }
  var SORTS = [["newest", tr("Newest first")], ["title", tr("Title (A to Z)")], ["duration", tr("Shortest first")]];
  var data, facets, products, haystack, state, shown = PAGE, byParam = {};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "hidden") node.hidden = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var selected = {};
    facets.forEach(function (facet) {
      /* Only values the data has: a Map, so that "__proto__", "constructor" or "toString" select nothing. */
      var known = new Map();
      facet.values.forEach(function (value, index) { known.set(value[0], index); });
      selected[facet.param] = new Set(params.getAll(facet.param).filter(function (v) { return known.has(v); })
        .map(function (v) { return known.get(v); }));
    });
    var sort = params.get("sort");
    return {
      q: params.get("q") || "",
      sort: SORTS.some(function (s) { return s[0] === sort; }) ? sort : "newest",
      selected: selected
    };
  }

  function writeState(push) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    facets.forEach(function (facet) {
      Array.from(state.selected[facet.param]).sort(function (a, b) { return a - b; }).forEach(function (index) {
        params.append(facet.param, facet.values[index][0]);
      });
    });
    if (state.sort !== "newest") params.set("sort", state.sort);
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function matchesFacet(facet, i) {
    var chosen = state.selected[facet.param];
    if (chosen.size === 0) return true;
    var values = products[facet.param][i];
    for (var k = 0; k < values.length; k++) if (chosen.has(values[k])) return true;
    return false;
  }

  function matchesText(i, words) {
    for (var k = 0; k < words.length; k++) if (haystack[i].indexOf(words[k]) < 0) return false;
    return true;
  }

  /* Products matching every filter except `skip` (a facet whose own options are being counted). */
  function matching(skip, words) {
    var result = [];
    for (var i = 0; i < products.id.length; i++) {
      if (!matchesText(i, words)) continue;
      var ok = true;
      for (var f = 0; f < facets.length && ok; f++) if (facets[f] !== skip) ok = matchesFacet(facets[f], i);
      if (ok) result.push(i);
    }
    return result;
  }

  var ui = {};

  function build() {
    ui.q = el("input", { type: "search", id: "lp-q", autocomplete: "off", placeholder: tr("e.g. climate, UCLG") });
    ui.sort = el("select", { id: "lp-sort" }, SORTS.map(function (s) { return el("option", { value: s[0], text: s[1] }); }));
    ui.chips = el("ul", { class: "lp-chips lp-active", "aria-label": tr("Active filters") });
    ui.count = el("p", { class: "lp-explorer__count", role: "status", "aria-live": "polite" });
    ui.list = el("ul", { class: "lp-list" });
    ui.more = el("button", { type: "button", class: "md-button lp-explorer__more" });
    ui.facets = el("div", { class: "lp-explorer__facets" });
    ui.options = {};
    facets.forEach(function (facet) {
      var labels = facet.values.map(function (value, index) {
        var box = el("input", { type: "checkbox", name: facet.param, value: value[0], "data-index": String(index) });
        var count = el("span", { class: "lp-count" });
        var label = el("label", { class: "lp-option" }, [box, document.createTextNode(" " + value[1] + " "), count]);
        return { label: label, box: box, count: count };
      });
      ui.options[facet.param] = labels;
      var fieldset = el("fieldset", {}, [el("legend", { text: facet.label })].concat(labels.map(function (o) { return o.label; })));
      ui.facets.appendChild(fieldset);
    });
    var app = root.querySelector(".lp-explorer__app");
    app.appendChild(el("div", { class: "lp-explorer__bar" }, [
      el("label", { for: "lp-q", text: tr("Filter by title or organisation") }), ui.q,
      el("label", { for: "lp-sort", text: tr("Sort") }), ui.sort
    ]));
    app.appendChild(ui.chips);
    app.appendChild(el("div", { class: "lp-explorer__layout" }, [
      ui.filters = el("details", { class: "lp-explorer__filters" }, [el("summary", { text: tr("Filters") }), ui.facets]),
      el("div", { class: "lp-explorer__results" }, [ui.count, ui.list, ui.more])
    ]));
    app.hidden = false;
    ui.filters.open = !window.matchMedia("(max-width: 45em)").matches;

    ui.facets.addEventListener("change", function (event) {
      var box = event.target;
      var chosen = state.selected[box.name];
      var index = Number(box.getAttribute("data-index"));
      if (box.checked) chosen.add(index); else chosen.delete(index);
      shown = PAGE;
      writeState(true);
      render();
    });
    var typing;
    ui.q.addEventListener("input", function () {
      state.q = ui.q.value.trim();
      shown = PAGE;
      clearTimeout(typing);
      typing = setTimeout(function () { writeState(false); }, 400);
      render();
    });
    ui.sort.addEventListener("change", function () { state.sort = ui.sort.value; writeState(true); render(); });
    ui.more.addEventListener("click", function () { shown += PAGE; render(); });
    window.addEventListener("popstate", function () { state = readState(); shown = PAGE; render(); });
  }

  function chip(text, label, onRemove) {
    var button = el("button", { type: "button", class: "lp-chip", "aria-label": label }, [
      document.createTextNode(text + " "), el("span", { "aria-hidden": "true", text: "\u00d7" })
    ]);
    button.addEventListener("click", onRemove);
    return el("li", {}, [button]);
  }

  function renderChips() {
    ui.chips.textContent = "";
    var any = false;
    if (state.q) {
      any = true;
      ui.chips.appendChild(chip("\u201c" + state.q + "\u201d", tr("Remove the text filter %(text)s", { text: state.q }), function () {
        state.q = ""; writeState(true); render(); ui.q.focus();
      }));
    }
    facets.forEach(function (facet) {
      state.selected[facet.param].forEach(function (index) {
        any = true;
        var name = facet.values[index][1];
        ui.chips.appendChild(chip(facet.label + ": " + name, tr("Remove filter: %(name)s", { name: facet.label + ": " + name }), function () {
          state.selected[facet.param].delete(index); writeState(true); render(); ui.q.focus();
        }));
      });
    });
    if (any) {
      var clear = el("button", { type: "button", class: "lp-chip lp-chip--clear", text: tr("Clear all") });
      clear.addEventListener("click", function () {
        state.q = "";
        facets.forEach(function (facet) { state.selected[facet.param].clear(); });
        writeState(true); render(); ui.q.focus();
      });
      ui.chips.appendChild(el("li", {}, [clear]));
    }
    ui.chips.hidden = !any;
  }

  function label(param, i) {
    var facet = byParam[param];
    return products[param][i].map(function (index) { return facet.values[index][1]; });
  }

  function item(i) {
    var meta = [label("format", i)[0], label("organisation", i)[0]];
    if (products.time[i]) meta.push(products.time[i]);
    meta.push(label("language", i).join(", "));
    var title = el("a", { class: "lp-item__title", href: root.getAttribute("data-product-url").replace("{id}", products.id[i]) });
    title.textContent = products.title[i];
    if (products.lang[i] !== document.documentElement.lang) {
      title.setAttribute("lang", products.lang[i]);
      title.setAttribute("dir", RTL.test(products.lang[i]) ? "rtl" : "ltr");
    }
    return el("li", { class: "lp-item" }, [title, el("span", { class: "lp-item__meta", text: meta.join(" \u00b7 ") })]);
  }

  function sorted(indices) {
    var by = {
      newest: function (a, b) { return products.date[b] < products.date[a] ? -1 : products.date[b] > products.date[a] ? 1 : a - b; },
      title: function (a, b) { return a - b; },
      duration: function (a, b) {
        var x = products.minutes[a], y = products.minutes[b];
        if (x === null) return y === null ? a - b : 1;
        if (y === null) return -1;
        return x - y || a - b;
      }
    };
    return indices.slice().sort(by[state.sort]);
  }

  function render() {
    var started = performance.now();
    var words = fold(state.q).split(/\s+/).filter(Boolean);
    ui.q.value = ui.q.value.trim() === state.q ? ui.q.value : state.q;
    ui.sort.value = state.sort;
    facets.forEach(function (facet) {
      var counts = new Array(facet.values.length).fill(0);
      matching(facet, words).forEach(function (i) {
        products[facet.param][i].forEach(function (index) { counts[index]++; });
      });
      ui.options[facet.param].forEach(function (option, index) {
        var chosen = state.selected[facet.param].has(index);
        option.box.checked = chosen;
        option.count.textContent = "(" + counts[index] + ")";
        option.label.hidden = counts[index] === 0 && !chosen;
      });
    });
    var results = sorted(matching(null, words));
    ui.list.textContent = "";
    results.slice(0, shown).forEach(function (i) { ui.list.appendChild(item(i)); });
    ui.count.textContent = tr("%(num)s product", { num: results.length });
    var left = results.length - shown;
    ui.more.hidden = left <= 0;
    ui.more.textContent = tr("Show %(count)s more (%(left)s not shown)", { count: Math.min(left, PAGE), left: left });
    renderChips();
    root.setAttribute("data-render-ms", (performance.now() - started).toFixed(1));
    root.setAttribute("data-ready", "true");
  }

  /* The explorer's data, through site.js (JSON, or a script from file://); site.js comes after this deferred
     script, and has run once the document is parsed. */
  function start() {
    window.lpLoadData(root.getAttribute("data-src"))
      .then(function (json) {
        data = json;
        facets = data.facets;
        products = data.products;
        facets.forEach(function (facet) { byParam[facet.param] = facet; });
        haystack = products.title.map(function (title, i) {
          return fold(title + " " + label("organisation", i).join(" "));
        });
        state = readState();
        build();
        render();
      })
      .catch(function () {
        root.querySelector(".lp-explorer__fallback").hidden = false;
      });
  }
  if (window.lpLoadData) start(); else document.addEventListener("DOMContentLoaded", start);
})();
