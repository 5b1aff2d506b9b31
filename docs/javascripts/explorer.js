/* Catalogue explorer (/catalogue/): facets with counts, a text box, sorting, and the state in the address.
   Reads the compact data written at build time (explorer.json, see hooks/learning_catalog/site/explorer.py);
   fetches a product's summary when its card comes into view, and the word index's files for the words a learner
   types. No framework, no other host: one small script, loaded only on the catalogue page. */
(function () {
  "use strict";
  var root = document.getElementById("lp-explorer");
  if (!root) return;
  var PAGE = 50;
  var LANG = document.documentElement.lang || "en";
  /* The page gives the interface strings in its language (data-strings; see hooks/learning_catalog/site/i18n.py). */
  var STRINGS = JSON.parse(root.getAttribute("data-strings") || "{}");
  var plural = new Intl.PluralRules(LANG);
  var numbers = new Intl.NumberFormat(LANG, { numberingSystem: "latn" });
  var lists = Intl.ListFormat ? new Intl.ListFormat(LANG, { type: "conjunction" }) : null;
  var RTL = /^(ar|fa|he|ur|yi|ps|sd|ug|dv|ku)$/;  /* languages written right to left (i18n.RIGHT_TO_LEFT_SCRIPTS) */
  var OFFLINE = location.protocol === "file:";
  function tr(text, values) {
    var found = STRINGS[text] || text;
    if (typeof found === "object") found = found[plural.select(values.num)] || found.other;
    return found.replace(/%\((\w+)\)s/g, function (_, name) {
      var value = values[name];
      return typeof value === "number" ? numbers.format(value) : value;
    });
  }
  function list(items) { return lists ? lists.format(items) : items.join(", "); }
  var SORTS = [["relevance", tr("Best match")], ["newest", tr("Newest first")], ["title", tr("Title (A to Z)")],
               ["duration", tr("Shortest first")]];
  /* The catalogue's field names are accepted in an address too (?provider=uclg), as the filter they belong to. */
  var ALIASES = { provider: "organisation", partners: "organisation", partner: "organisation",
                  organisations: "organisation", topics: "topic", audiences: "audience", languages: "language",
                  sdgs: "sdg" };
  var SUGGESTED = ["topic", "format", "audience", "organisation"];  /* facets whose names the text box offers */
  var data, facets, products, state, shown = PAGE, byParam = {}, texts = [];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "hidden") node.hidden = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return node;
  }

  /* Words as the build folds them (explorer.py: fold, words): compatibility forms, no marks, lowercase; Chinese
     and Japanese characters are words of their own; an Arabic word also without a joined "and", "by", "al-"... */
  var IDEOGRAPHIC = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
  var ARABIC_PREFIX = /^(\u0648\u0627\u0644|\u0628\u0627\u0644|\u0643\u0627\u0644|\u0641\u0627\u0644|\u0644\u0644|\u0627\u0644|\u0648|\u0641|\u0628)(?=.{3})/;
  function fold(text) { return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase(); }
  function words(text, forQuery) {
    var found = [];
    (fold(text).match(/[\p{L}\p{N}]+/gu) || []).forEach(function (word) {
      if (IDEOGRAPHIC.test(word)) {
        word.split(/([\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff])/).forEach(function (part) { if (part) found.push(part); });
        return;
      }
      var bare = /^[\u0621-\u064a]/.test(word) && word.replace(ARABIC_PREFIX, "");
      if (forQuery) found.push(bare || word);  /* what a learner types: the word without its prefix */
      else { found.push(word); if (bare && bare !== word) found.push(bare); }
    });
    return found;
  }
  function wordKey(word) {
    var point = word.codePointAt(0);
    return point < 0x3000 ? point.toString(16) : (point >> 6).toString(16) + "x";
  }
  function startsAWord(haystack, word) { return haystack.indexOf(" " + word) >= 0; }

  /* -- The address: the one place that reads it. Parameters and values it does not know are collected, so that
     the learner is told instead of seeing everything without knowing why. -- */
  function readState() {
    var params = new URLSearchParams(location.search);
    var selected = {}, unknown = [];
    facets.forEach(function (facet) { selected[facet.param] = new Set(); });
    var sort = null;
    params.forEach(function (value, name) {
      if (name === "q") return;
      if (name === "sort") {
        if (SORTS.some(function (s) { return s[0] === value; })) sort = value;
        else unknown.push(name + "=" + value);
        return;
      }
      /* Only names and values the data has (own properties, exact strings): "__proto__", "constructor" or
         "toString" select nothing, and are named as unknown. */
      var facet = Object.prototype.hasOwnProperty.call(byParam, name) ? byParam[name]
        : Object.prototype.hasOwnProperty.call(ALIASES, name) ? byParam[ALIASES[name]] : null;
      var index = facet ? facet.values.findIndex(function (v) { return v[0] === value; }) : -1;
      if (index < 0) unknown.push(name + "=" + value);
      else selected[facet.param].add(index);
    });
    var q = (params.get("q") || "").trim();
    return { q: q, sort: sort || (q ? "relevance" : "newest"), chosenSort: !!sort, selected: selected, unknown: unknown };
  }

  function writeState(push) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    facets.forEach(function (facet) {
      Array.from(state.selected[facet.param]).sort(function (a, b) { return a - b; }).forEach(function (index) {
        params.append(facet.param, facet.values[index][0]);
      });
    });
    if (state.sort !== (state.q ? "relevance" : "newest")) params.set("sort", state.sort);
    state.unknown = [];  /* the address is rewritten from what is applied: nothing in it is unknown any more */
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }

  /* -- Matching -- */
  function matchesFacet(facet, i) {
    var chosen = state.selected[facet.param];
    if (chosen.size === 0) return true;
    var values = products[facet.param][i];
    for (var k = 0; k < values.length; k++) if (chosen.has(values[k])) return true;
    return false;
  }

  /* The word index: key -> word -> positions (as gaps), fetched per key; a typed word -> positions of the products
     with a word that starts with it. */
  var shards = {}, pending = {}, found = {};
  function shardUrl(key) { return root.getAttribute("data-words").replace("{key}", key); }
  function loadShards(keys) {
    var missing = keys.filter(function (key) { return !(key in shards) && !pending[key]; });
    if (!missing.length) return;
    var loaded;
    if (OFFLINE) {
      missing.forEach(function (key) { pending[key] = true; });
      loaded = window.lpLoadData(root.getAttribute("data-words").replace("/{key}.json", ".json"), "LP_EXPLORER_WORDS").then(function (all) {
        Object.keys(all).forEach(function (key) { shards[key] = all[key]; });
        missing.forEach(function (key) { if (!(key in shards)) shards[key] = {}; });
      });
    } else {
      loaded = Promise.all(missing.map(function (key) {
        pending[key] = true;
        return fetch(shardUrl(key)).then(function (response) { return response.ok ? response.json() : {}; })
          .catch(function () { return {}; })
          .then(function (entries) { shards[key] = entries; });
      }));
    }
    loaded.catch(function () { missing.forEach(function (key) { shards[key] = {}; }); })
      .then(function () { missing.forEach(function (key) { delete pending[key]; }); render(); });
  }
  function indexed(word) {
    if (found[word]) return found[word];
    var entries = shards[wordKey(word)];
    if (!entries) return null;  /* not loaded yet */
    var positions = new Set();
    Object.keys(entries).forEach(function (candidate) {
      if (candidate.lastIndexOf(word, 0) !== 0) return;
      var at = 0;
      entries[candidate].forEach(function (gap) { at += gap; positions.add(at); });
    });
    return (found[word] = positions);
  }

  /* What a typed word scores on a product: in its title 8, in its topics, format or audiences 4, in its summary,
     people or titles in other languages (the word index) 2, in its provider's name 1; 0 if nowhere. */
  function score(i, word, index) {
    var text = texts[i];
    if (startsAWord(text.title, word)) return 8;
    if (startsAWord(text.terms, word)) return 4;
    if (index && index.has(i)) return 2;
    if (startsAWord(text.organisations, word)) return 1;
    return 0;
  }

  /* Each product's relevance to the typed words (summed), or -1 when a word is found nowhere in it. */
  function textScores(query) {
    var scores = new Array(products.id.length);
    for (var i = 0; i < scores.length; i++) {
      var total = 0;
      for (var w = 0; w < query.length && total >= 0; w++) {
        var points = score(i, query[w].word, query[w].index);
        total = points ? total + points : -1;
      }
      scores[i] = total;
    }
    return scores;
  }

  /* Products matching the text (scores, or none) and every filter except `skip` (a facet whose own options are
     being counted). */
  function matching(skip, scores) {
    var result = [];
    for (var i = 0; i < products.id.length; i++) {
      if (scores && scores[i] < 0) continue;
      var ok = true;
      for (var f = 0; f < facets.length && ok; f++) if (facets[f] !== skip) ok = matchesFacet(facets[f], i);
      if (ok) result.push(i);
    }
    return result;
  }

  /* -- The interface -- */
  var ui = {};

  function build() {
    ui.q = el("input", { type: "search", id: "lp-q", autocomplete: "off", enterkeyhint: "search",
                         placeholder: tr("e.g. housing, climate, UCLG") });
    ui.sort = el("select", { id: "lp-sort" }, SORTS.map(function (s) { return el("option", { value: s[0], text: s[1] }); }));
    ui.chips = el("ul", { class: "lp-chips lp-active", "aria-label": tr("Active filters") });
    ui.notice = el("p", { class: "lp-status lp-explorer__notice", role: "note", hidden: true });
    ui.count = el("p", { class: "lp-explorer__count", role: "status", "aria-live": "polite", tabindex: "-1" });
    ui.help = el("div", { class: "lp-explorer__help", hidden: true });
    ui.list = el("ul", { class: "lp-list" });
    ui.more = el("button", { type: "button", class: "md-button lp-explorer__more" });
    ui.facets = el("div", { class: "lp-explorer__facets" });
    ui.options = {};
    ui.fieldsets = {};
    facets.forEach(function (facet) {
      var labels = facet.values.map(function (value, index) {
        var box = el("input", { type: "checkbox", name: facet.param, value: value[0], "data-index": String(index) });
        var count = el("span", { class: "lp-count" });
        var label = el("label", { class: "lp-option" }, [box, el("span", {}, [el("bdi", { text: value[1] }), " ", count])]);
        return { label: label, box: box, count: count };
      });
      ui.options[facet.param] = labels;
      ui.fieldsets[facet.param] = el("fieldset", {}, [el("legend", { text: facet.label })].concat(labels.map(function (o) { return o.label; })));
      ui.facets.appendChild(ui.fieldsets[facet.param]);
    });
    /* On a phone the filters are a panel that opens and closes; "Show N products" closes it onto the results. */
    ui.toggle = el("button", { type: "button", class: "md-button lp-explorer__toggle", "aria-expanded": "false",
                               "aria-controls": "lp-filters" }, [el("span", { text: tr("Filters") }), ui.active = el("span", { class: "lp-count" })]);
    ui.show = el("button", { type: "button", class: "md-button md-button--primary lp-explorer__show" });
    ui.filters = el("div", { class: "lp-explorer__filters", id: "lp-filters", role: "group", "aria-label": tr("Filters") },
                    [ui.filtersTitle = el("h2", { class: "lp-explorer__filters-title", text: tr("Filters") }), ui.facets,
                     el("div", { class: "lp-explorer__done" }, [ui.show])]);
    var app = root.querySelector(".lp-explorer__app");
    app.appendChild(el("div", { class: "lp-explorer__bar" }, [  /* each label wraps with its control */
      el("span", { class: "lp-explorer__field lp-explorer__field--q" }, [el("label", { for: "lp-q", text: tr("Filter by words") }), ui.q]),
      el("span", { class: "lp-explorer__field" }, [el("label", { for: "lp-sort", text: tr("Sort") }), ui.sort])
    ]));
    app.appendChild(ui.notice);
    app.appendChild(ui.chips);
    app.appendChild(ui.toggle);
    app.appendChild(el("div", { class: "lp-explorer__layout" }, [
      ui.filters, el("div", { class: "lp-explorer__results" }, [ui.count, ui.help, ui.list, ui.more])
    ]));
    app.hidden = false;

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
      var had = !!state.q;
      state.q = ui.q.value.trim();
      if (!state.chosenSort && had !== !!state.q) state.sort = state.q ? "relevance" : "newest";
      shown = PAGE;
      clearTimeout(typing);
      typing = setTimeout(function () { writeState(false); }, 400);
      render();
    });
    ui.sort.addEventListener("change", function () { state.sort = ui.sort.value; state.chosenSort = true; writeState(true); render(); });
    ui.more.addEventListener("click", function () { shown += PAGE; render(); });
    ui.toggle.addEventListener("click", function () { openFilters(ui.toggle.getAttribute("aria-expanded") !== "true"); });
    ui.show.addEventListener("click", function () {
      openFilters(false);
      ui.count.focus();
      ui.count.scrollIntoView({ block: "start" });
    });
    window.addEventListener("popstate", function () { state = readState(); shown = PAGE; render(); });
  }

  function openFilters(open) {
    ui.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    ui.filters.classList.toggle("lp-explorer__filters--open", open);
  }

  function chip(text, label, onRemove) {
    var button = el("button", { type: "button", class: "lp-chip", "aria-label": label }, [
      el("bdi", { text: text }), " ", el("span", { "aria-hidden": "true", text: "\u00d7" })
    ]);
    button.addEventListener("click", onRemove);
    return el("li", {}, [button]);
  }

  function clearText() { state.q = ""; if (!state.chosenSort) state.sort = "newest"; writeState(true); render(); ui.q.focus(); }
  function clearFilters() { facets.forEach(function (facet) { state.selected[facet.param].clear(); }); writeState(true); render(); ui.q.focus(); }

  function renderChips() {
    ui.chips.textContent = "";
    var any = false;
    if (state.q) {
      any = true;
      ui.chips.appendChild(chip("\u201c" + state.q + "\u201d", tr("Remove the text filter %(text)s", { text: state.q }), clearText));
    }
    facets.forEach(function (facet) {
      state.selected[facet.param].forEach(function (index) {
        any = true;
        var name = facet.label + ": " + facet.values[index][1];
        ui.chips.appendChild(chip(name, tr("Remove filter: %(name)s", { name: name }), function () {
          state.selected[facet.param].delete(index); writeState(true); render(); ui.q.focus();
        }));
      });
    });
    if (any) {
      var clear = el("button", { type: "button", class: "lp-chip lp-chip--clear", text: tr("Clear all") });
      clear.addEventListener("click", function () { state.q = ""; if (!state.chosenSort) state.sort = "newest"; clearFilters(); });
      ui.chips.appendChild(el("li", {}, [clear]));
    }
    ui.chips.hidden = !any;
  }

  function labels(param, i) {
    var facet = byParam[param];
    return facet ? products[param][i].map(function (index) { return facet.values[index][1]; }) : [];
  }

  /* -- Cards: the same as a browse page's (templates/_item.j2); the summary is fetched when the card is seen. -- */
  var summaries = {}, watcher = null;
  function summaryUrl(id) { return root.getAttribute("data-summaries").replace("{id}", id); }
  function fillSummary(node, id) {
    var text = summaries[id];
    if (!text) return;
    var language = text[LANG] !== undefined ? LANG : Object.keys(text)[0];
    node.textContent = text[language];
    if (language !== LANG) {
      node.setAttribute("lang", language);
      node.setAttribute("dir", RTL.test(language) ? "rtl" : "ltr");
    }
    node.hidden = false;
  }
  function loadSummary(node) {
    var id = node.getAttribute("data-id");
    if (summaries[id]) { fillSummary(node, id); return; }
    var loaded = OFFLINE
      ? window.lpLoadData(root.getAttribute("data-summaries").replace("/{id}.json", ".json"), "LP_EXPLORER_SUMMARIES").then(function (all) {
          Object.keys(all).forEach(function (key) { summaries[key] = all[key]; });
        })
      : fetch(summaryUrl(id)).then(function (response) { return response.ok ? response.json() : null; })
          .then(function (text) { if (text) summaries[id] = text; });
    loaded.then(function () { fillSummary(node, id); }).catch(function () {});
  }
  /* The summary of a card (hidden until it is there) is fetched when the card comes near the screen. */
  function watch(card) {
    var node = card.querySelector(".lp-item__summary");
    if (!("IntersectionObserver" in window)) { loadSummary(node); return; }
    if (!watcher) {
      watcher = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          watcher.unobserve(entry.target);
          loadSummary(entry.target.querySelector(".lp-item__summary"));
        });
      }, { rootMargin: "400px 0px" });
    }
    watcher.observe(card);
  }

  function item(i) {
    var status = products.status[i];
    var parts = [labels("format", i)[0], labels("organisation", i)[0],
                 products.time[i] || tr("duration not stated"), list(labels("language", i))];
    var meta = el("span", { class: "lp-item__meta" });
    if (status) {
      meta.appendChild(el("span", { class: "lp-badge lp-badge--" + ["active", "upcoming", "archived"][status], text: data.statuses[status] }));
      meta.appendChild(document.createTextNode(" "));
    }
    /* Each part is isolated: an English name in an Arabic line keeps its own direction and place. */
    parts.forEach(function (part, k) {
      if (k) meta.appendChild(document.createTextNode(" \u00b7 "));
      meta.appendChild(el("bdi", { text: part }));
    });
    var title = el("a", { class: "lp-item__title", href: root.getAttribute("data-product-url").replace("{id}", products.id[i]) });
    title.textContent = products.title[i];
    if (products.lang[i] !== LANG) {
      title.setAttribute("lang", products.lang[i]);
      title.setAttribute("dir", RTL.test(products.lang[i]) ? "rtl" : "ltr");
    }
    var summary = el("p", { class: "lp-item__summary", "data-id": products.id[i], hidden: true });
    var card = el("li", { class: "lp-item" }, [title, meta, summary]);
    if (summaries[products.id[i]]) fillSummary(summary, products.id[i]); else watch(card);
    return card;
  }

  function sorted(indices, scores) {
    var by = {
      relevance: function (a, b) { return (scores[b] || 0) - (scores[a] || 0) || by.newest(a, b); },
      newest: function (a, b) { return products.date[b] < products.date[a] ? -1 : products.date[b] > products.date[a] ? 1 : a - b; },
      title: function (a, b) { return a - b; },
      duration: function (a, b) {
        var x = products.minutes[a], y = products.minutes[b];
        if (x === null) return y === null ? a - b : 1;
        if (y === null) return -1;
        return x - y || a - b;
      }
    };
    var archived = 2;  /* archived products come after the others, in every order */
    return indices.slice().sort(function (a, b) {
      return (products.status[a] === archived) - (products.status[b] === archived) || by[state.sort](a, b);
    });
  }

  /* The names of topics, formats, audiences and organisations that match every typed word, with their counts under
     the other filters: offered beside the results, and instead of a bare "0 products". */
  function suggestions(query, counts) {
    var offered = [];
    if (!query.length) return offered;
    SUGGESTED.forEach(function (param) {
      var facet = byParam[param];
      if (!facet) return;
      facet.values.forEach(function (value, index) {
        var name = " " + words(value[1]).join(" ");
        var fits = query.every(function (q) { return startsAWord(name, q.word); });
        if (fits && counts[param][index] > 0 && !state.selected[param].has(index)) {
          offered.push({ facet: facet, index: index, count: counts[param][index] });
        }
      });
    });
    return offered.slice(0, 8);
  }

  function renderHelp(total, query, counts) {
    ui.help.textContent = "";
    var offered = suggestions(query, counts);
    var anyFilter = facets.some(function (facet) { return state.selected[facet.param].size > 0; });
    if (total === 0) {
      ui.help.appendChild(el("p", { text: state.q ? tr("No product matches \u201c%(text)s\u201d.", { text: state.q })
                                                   : tr("No product has all these filters.") }));
    }
    if (offered.length) {
      ui.help.appendChild(el("p", { text: tr("Filters that match \u201c%(text)s\u201d:", { text: state.q }) }));
      ui.help.appendChild(el("ul", { class: "lp-chips" }, offered.map(function (offer) {
        var button = el("button", { type: "button", class: "lp-chip lp-chip--offer" }, [
          el("bdi", { text: offer.facet.label + ": " + offer.facet.values[offer.index][1] }), " ",
          el("span", { class: "lp-count", text: "(" + numbers.format(offer.count) + ")" })
        ]);
        button.addEventListener("click", function () {
          state.selected[offer.facet.param].add(offer.index);
          state.q = "";
          if (!state.chosenSort) state.sort = "newest";
          shown = PAGE;
          writeState(true);
          render();
          ui.count.focus();
        });
        return el("li", {}, [button]);
      })));
    }
    if (total === 0) {
      var actions = [];
      if (state.q) actions.push(el("button", { type: "button", class: "md-button", text: tr("Clear the text") }));
      if (anyFilter) actions.push(el("button", { type: "button", class: "md-button", text: tr("Clear the filters") }));
      if (actions[0] && state.q) actions[0].addEventListener("click", clearText);
      if (anyFilter) actions[actions.length - 1].addEventListener("click", clearFilters);
      if (actions.length) ui.help.appendChild(el("p", { class: "lp-explorer__actions" }, actions));
    }
    ui.help.hidden = !ui.help.childNodes.length;
  }

  function render() {
    var started = performance.now();
    var query = words(state.q, true).map(function (word) { return { word: word, index: indexed(word) }; });
    var waiting = query.filter(function (q) { return q.index === null; }).map(function (q) { return wordKey(q.word); });
    loadShards(waiting);
    if (ui.q.value.trim() !== state.q) ui.q.value = state.q;
    var best = ui.sort.options[0];  /* "Best match" is a choice only while there is text */
    best.hidden = best.disabled = !state.q;
    if (state.sort === "relevance" && !state.q) state.sort = "newest";
    ui.sort.value = state.sort;
    var scores = query.length ? textScores(query) : null;
    var plain = {};
    facets.forEach(function (facet) {
      var tally = new Array(facet.values.length).fill(0);
      matching(facet, scores).forEach(function (i) {
        products[facet.param][i].forEach(function (index) { tally[index]++; });
      });
      var visible = false;
      ui.options[facet.param].forEach(function (option, index) {
        var chosen = state.selected[facet.param].has(index);
        option.box.checked = chosen;
        option.count.textContent = "(" + numbers.format(tally[index]) + ")";
        option.label.hidden = tally[index] === 0 && !chosen;
        visible = visible || !option.label.hidden;
      });
      ui.fieldsets[facet.param].hidden = !visible;  /* no empty headings */
      if (scores && SUGGESTED.indexOf(facet.param) >= 0) {
        /* The counts a suggested filter would give: under the other filters, without the text. */
        var without = new Array(facet.values.length).fill(0);
        matching(facet, null).forEach(function (i) { products[facet.param][i].forEach(function (index) { without[index]++; }); });
        plain[facet.param] = without;
      }
    });
    ui.filtersTitle.hidden = !facets.some(function (facet) { return !ui.fieldsets[facet.param].hidden; });
    var results = sorted(matching(null, scores), scores || []);
    ui.list.textContent = "";
    results.slice(0, shown).forEach(function (i) { ui.list.appendChild(item(i)); });
    ui.count.textContent = tr("%(num)s product", { num: results.length });
    ui.show.textContent = tr("Show %(num)s product", { num: results.length });
    var active = facets.reduce(function (sum, facet) { return sum + state.selected[facet.param].size; }, 0);
    ui.active.textContent = active ? " (" + numbers.format(active) + ")" : "";
    var left = results.length - shown;
    ui.more.hidden = left <= 0;
    ui.more.textContent = tr("Show %(count)s more (%(left)s not shown)", { count: Math.min(left, PAGE), left: left });
    renderHelp(waiting.length ? -1 : results.length, query, plain);
    ui.notice.hidden = !state.unknown.length;
    ui.notice.textContent = tr("This address has parts the catalogue does not know, so they are not applied: %(parts)s.",
                               { parts: list(state.unknown) });
    renderChips();
    root.setAttribute("data-render-ms", (performance.now() - started).toFixed(1));
    if (!waiting.length) root.setAttribute("data-query", state.q);  /* what the results shown are for (tests wait for it) */
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
        texts = products.title.map(function (title, i) {
          return {
            title: " " + words(title).join(" "),
            terms: " " + words(["topic", "format", "audience"].map(function (p) { return labels(p, i).join(" "); }).join(" ")).join(" "),
            /* The provider's name only: a partner's name ("... for Climate & Energy") is no reason to list a
               product for "climate"; the partner is offered as a filter instead. */
            organisations: " " + words(labels("organisation", i)[0] || "").join(" ")
          };
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
