/* Site search with Pagefind, in Material for MkDocs' search dialog; site.js loads this file on first use.
   Pagefind's index is split into small chunks that load on the first search, so pages do not pay for the
   size of the catalogue. Learners' pages (products, series, paths, browse pages) are listed before the
   contributor and data pages (the reverse in the Contribute section: see hooks/learning_catalog/site/search.py),
   product pages first; a result's excerpt is the page's summary where it has one. Keyboard: "/", "s" or "f"
   opens the dialog, arrows move through results, Enter opens one, Escape closes. */
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var input = document.getElementById("lp-search-query");
  var list = document.getElementById("lp-search-results");
  var meta = document.getElementById("lp-search-meta");
  if (!toggle || !input || !list || !meta) return;
  var config = JSON.parse(document.getElementById("__config").textContent);
  var t = config.translations || {};
  var siteRoot = new URL(config.base.replace(/\/?$/, "/"), location.href);
  var pagefind = null;
  var scripts = null;
  var merged = {};
  var latest = 0;
  /* This page's language folder ("fr/", "ar/"...; "" for English, at the site's root). */
  var FOLDER = /^(ar|es|fr|ru|zh)$/.test(document.documentElement.lang) ? document.documentElement.lang + "/" : "";
  var SHOWN = 8; /* results fetched at first; "More results" fetches the next ones (each is a small fragment) */
  var strings = list.dataset;
  var hint = document.getElementById("lp-search-hint");
  /* Contributor and data pages carry the filter section: contribute (search.py); this page's section comes first. */
  var here = location.pathname.slice((siteRoot.pathname + FOLDER).length);
  var CONTRIBUTING = /^(contribute\/|statistics(\/|\.html)|data(\/|\.html))/.test(here);
  function sectionOf(data) { return ((data.filters || {}).section || [])[0] === "contribute" ? 1 : 0; }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
        return module.options({ baseUrl: siteRoot.pathname, excerptLength: 24 }).then(function () {
          module.init();
          return module;
        });
      });
    }
    return pagefind;
  }

  /* Catalogue text in languages such as Chinese, Arabic or Russian has an index of its own, merged in only
     when the query is written in that language's script (see hooks/learning_catalog/search.py). */
  function withLanguagesOf(query, module) {
    if (!/[^\u0000-\u024f\s]/.test(query)) return Promise.resolve(module);
    if (!scripts) {
      scripts = fetch(new URL("pagefind-languages/scripts.json", siteRoot).href)
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
    }
    return scripts.then(function (table) {
      var merging = Object.keys(table).filter(function (language) {
        return !merged[language] && new RegExp("\\p{Script=" + table[language] + "}", "u").test(query);
      }).map(function (language) {
        merged[language] = true;
        return module.mergeIndex(new URL("pagefind-languages/" + language + "/", siteRoot).href,
          { language: language, baseUrl: siteRoot.pathname });
      });
      return Promise.all(merging).then(function () { return module; });
    });
  }

  function open() {
    toggle.checked = true;
    void input.offsetWidth; /* apply the dialog's styles now, so that the input can take the focus at once */
    input.focus();
    input.select();
    if (location.protocol !== "file:") load();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function message(count) {
    if (count === 0) return t["search.result.none"] || "No matching documents";
    if (count === 1) return t["search.result.one"] || "1 matching document";
    return (t["search.result.other"] || "# matching documents").replace("#", count);
  }

  /* Records of the language bundles lead to English product pages: on a page in another language, lead to
     that language's page of the product instead (its folder: fr/, ar/...); the same page found in both the
     page's own index and a bundle is then listed once. */
  function inThisLanguage(result) {
    if (FOLDER && result.url.indexOf(siteRoot.pathname + "products/") === 0) {
      result.url = siteRoot.pathname + FOLDER + result.url.slice(siteRoot.pathname.length);
    }
    return result;
  }

  function isProduct(result) {
    return /\/products\/[^/]+\/?(index\.html)?$/.test(result.url.split(/[?#]/)[0]);
  }

  function render(results, count, more) {
    list.textContent = "";
    append(results, more);
    meta.textContent = message(count);
  }

  /* A page's summary with the words that start like a typed word marked (built as nodes: no markup from text). */
  function highlighted(node, text, query) {
    var typed = fold(query).split(/\s+/).filter(function (word) { return word.length > 1; });
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (part) {
      var folded = fold(part);
      if (part && typed.some(function (word) { return folded.lastIndexOf(word, 0) === 0; })) {
        node.appendChild(document.createElement("mark")).textContent = part;
      } else if (part) {
        node.appendChild(document.createTextNode(part));
      }
    });
  }

  function append(results, more) {
    var old = list.querySelector(".lp-search-more");
    if (old) old.parentNode.removeChild(old);
    var query = input.value.trim();
    results.forEach(function (result) {
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = result.url;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      /* A title or summary may be in either direction ("10 things..." on an Arabic page): each is isolated and
         takes its direction from its own first letters. */
      var heading = document.createElement("h1");
      heading.dir = "auto";
      heading.textContent = (result.meta && result.meta.title) || result.url;
      var teaser = document.createElement("p");
      teaser.className = "md-search-result__teaser";
      teaser.dir = "auto";
      if (result.meta && result.meta.summary) highlighted(teaser, result.meta.summary, query);
      else teaser.innerHTML = result.excerpt; /* Pagefind escapes page text; it adds only <mark> around matches. */
      article.appendChild(heading);
      article.appendChild(teaser);
      link.appendChild(article);
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      item.appendChild(link);
      list.appendChild(item);
    });
    if (more) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button lp-search-more__button";
      button.textContent = strings.more || "More results";
      button.addEventListener("click", function () {
        var first = list.querySelectorAll("a").length;
        more().then(function () { var links = list.querySelectorAll("a"); if (links[first]) links[first].focus(); });
      });
      var holder = document.createElement("li");
      holder.className = "md-search-result__item lp-search-more";
      holder.appendChild(button);
      list.appendChild(holder);
    }
  }

  /* Arabic words lose a joined "and", "by", "as", "for" and "al-", as the index's Arabic records also hold
     them (light stemming; see arabic_variants in hooks/learning_catalog/search.py). */
  function arabicLight(query) {
    return query.split(/\s+/).map(function (word) {
      var stem = word.replace(/^(\u0648\u0627\u0644|\u0628\u0627\u0644|\u0643\u0627\u0644|\u0641\u0627\u0644|\u0644\u0644|\u0648|\u0641|\u0628)(?=.{3})/, "");
      return stem.replace(/^\u0627\u0644(?=.{3})/, "");
    }).join(" ");
  }

  /* The offline edition, opened from file://, cannot load Pagefind: it searches a small index of the
     products (title, summary, provider, people, topics; see hooks/learning_catalog/offline.py) word by word. */
  var offline = null;

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function loadOffline() {
    if (!offline) {
      offline = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("search-offline.js", siteRoot).href;
        script.onload = function () {
          resolve((window.LP_SEARCH_DATA || []).map(function (r) { return { record: r, text: fold(r.t + " " + r.x) }; }));
        };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return offline;
  }

  function searchOffline(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    return loadOffline().then(function (records) {
      var found = records.filter(function (entry) {
        return words.every(function (word) { return entry.text.indexOf(word) >= 0; });
      }).map(function (entry) {
        var r = entry.record;
        /* The product's page in this page's language. */
        return { url: new URL(FOLDER + r.u, siteRoot).href, meta: { title: r.t, summary: r.s } };
      });
      return { shown: found.slice(0, SHOWN), count: found.length };
    });
  }

  function done(query) {
    list.setAttribute("data-query", query); /* what the results shown are for (tests wait for it) */
  }

  function search() {
    var query = input.value.trim();
    var mine = ++latest;
    if (hint) hint.hidden = !!query;
    if (!query) {
      list.textContent = "";
      meta.textContent = t["search.result.placeholder"] || "Type to start searching";
      done("");
      return;
    }
    if (location.protocol === "file:") {
      searchOffline(query).then(function (found) {
        if (mine !== latest) return;
        render(found.shown, found.count);
        done(query);
      }).catch(function () { meta.textContent = strings.unavailable || "Search is not available here."; });
      return;
    }
    load().then(function (module) {
      return withLanguagesOf(query, module);
    }).then(function (module) {
      var terms = /\p{Script=Arabic}/u.test(query) ? arabicLight(query) : query;
      /* Every page, and the contributor pages alone: the learners' pages are the others. */
      return Promise.all([module.search(terms), module.search(terms, { filters: { section: "contribute" } })]);
    }).then(function (searches) {
      if (mine !== latest || !searches[0] || !searches[1]) return null;
      var contributing = {};
      searches[1].results.forEach(function (r) { contributing[r.id] = true; });
      var learning = searches[0].results.filter(function (r) { return !contributing[r.id]; });
      var found = { results: CONTRIBUTING ? searches[1].results.concat(learning) : learning.concat(searches[1].results) };
      /* Only the results shown are fetched (each is a small fragment); products go before other pages. */
      var seen = {};
      var next = 0;
      function batch() {
        var part = found.results.slice(next, next + SHOWN);
        next += part.length;
        return Promise.all(part.map(function (r) { return r.data(); })).then(function (data) {
          data = data.map(inThisLanguage).filter(function (d) { var fresh = !seen[d.url]; seen[d.url] = true; return fresh; });
          /* Within a section, product pages first (the sort is stable: Pagefind's order otherwise). */
          function rank(d) { return 2 * (sectionOf(d) === (CONTRIBUTING ? 0 : 1) ? 1 : 0) + (isProduct(d) ? 0 : 1); }
          return data.map(function (d, k) { return [rank(d), k, d]; })
            .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
            .map(function (entry) { return entry[2]; });
        });
      }
      function more() {
        return batch().then(function (data) {
          if (mine === latest) append(data, next < found.results.length ? more : null);
        });
      }
      return batch().then(function (data) {
        if (mine !== latest) return;
        render(data, found.results.length, next < found.results.length ? more : null);
        done(query);
      });
    }).catch(function () {
      meta.textContent = strings.unavailable || "Search is not available here.";
    });
  }

  var typing;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(search, 150);
  });
  input.form.addEventListener("reset", function () { setTimeout(search, 0); });
  toggle.addEventListener("change", function () { if (toggle.checked) open(); });
  input.addEventListener("focus", function () { if (location.protocol !== "file:") load(); });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typingHere = target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName);
    if (!toggle.checked) {
      if (!typingHere && !event.ctrlKey && !event.metaKey && !event.altKey && /^[/sf]$/.test(event.key)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        open();
      }
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var index = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(index + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && links.length) {
      event.preventDefault();
      if (index <= 0) input.focus(); else links[index - 1].focus();
    }
  }, true);

  /* What the learner did before this script arrived: the dialog is open, the field has the focus or text. */
  window.lpSearch = { open: open };
  if (toggle.checked || document.activeElement === input) {
    if (location.protocol !== "file:") load();
    if (input.value.trim()) search();
  }
})();
