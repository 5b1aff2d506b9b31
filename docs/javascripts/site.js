/* The site's script on every page (small: it is part of every first visit).
   1. Search on demand: the first "/", "s" or "f", tap or click on the search icon, or focus on the search field
      opens the search dialog with the field focused and loads search.js (and search.js loads Pagefind), so that
      pages never download the search code before it is used. The dialog's inside is written here, from the
      strings on its box, so that pages do not carry it (#10).
   2. The explorer's data, for explorer.js and shared lists (lpLoadData); the summaries of browse pages' brief lists.
   3. "My list": products a learner saves, kept in this browser only (localStorage; no account, nothing sent).
      Product pages get a "Save to my list" button; /my-list/ shows the list, shares it as a link and exports it.
   4. The drawer's and search's checkboxes reset after Back; wide tables and code take the focus; buttons that open
      the search (the 404 page's). */
(function () {
  "use strict";
  /* The explorer's data for the explorer and shared lists: JSON, or, opened from file:// (the offline edition),
     where a browser fetches nothing, the same data as a script that sets window[name] (LP_EXPLORER_DATA unless
     named: the explorer's summaries and word index have scripts of their own). */
  var loading = {};
  window.lpLoadData = function (src, name) {
    if (location.protocol !== "file:") {
      return fetch(src).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    name = name || "LP_EXPLORER_DATA";
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        if (window[name]) { resolve(window[name]); return; }
        var script = document.createElement("script");
        script.src = src.replace(/\.json$/, ".js");
        script.onload = function () { if (window[name]) resolve(window[name]); else reject(new Error("no data")); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading[name];
  };
})();

/* Browse pages list products briefly (no summaries in the HTML of thousands of pages, #10): a product's summary is
   fetched when its line comes near the screen, as the explorer's cards do (catalogue/summaries/<id>.json, in the
   page's language or else the original, marked with its language and direction). */
(function () {
  "use strict";
  var lists = document.querySelectorAll("ul[data-summaries]");
  if (!lists.length) return;
  var LANG = document.documentElement.lang || "en";
  var RTL = /^(ar|fa|he|ur|yi|ps|sd|ug|dv|ku)$/;  /* right to left: languages.RIGHT_TO_LEFT_SCRIPTS, as explorer.js */
  var all = null;
  function summary(template, id) {
    if (location.protocol === "file:") {  /* the offline edition: every summary in one script */
      all = all || window.lpLoadData(template.replace("/{id}.json", ".json"), "LP_EXPLORER_SUMMARIES");
      return all.then(function (summaries) { return summaries[id]; });
    }
    return fetch(template.replace("{id}", encodeURIComponent(id))).then(function (response) {
      return response.ok ? response.json() : null;
    });
  }
  function show(item) {
    var link = item.querySelector("a");
    var id = link.getAttribute("href").replace(/(\/|\.html)$/, "").split("/").pop();
    summary(item.parentNode.getAttribute("data-summaries"), id).then(function (text) {
      if (!text) return;
      var language = text[LANG] !== undefined ? LANG : Object.keys(text)[0];
      var node = document.createElement("p");
      node.className = "lp-item__summary";
      node.textContent = text[language];
      if (language !== LANG) {
        node.setAttribute("lang", language);
        node.setAttribute("dir", RTL.test(language) ? "rtl" : "ltr");
      }
      item.appendChild(node);
    }).catch(function () {});
  }
  var watcher = "IntersectionObserver" in window && new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      watcher.unobserve(entry.target);
      show(entry.target);
    });
  }, { rootMargin: "400px 0px" });
  Array.prototype.forEach.call(lists, function (list) {
    Array.prototype.forEach.call(list.children, function (item) {
      if (watcher) watcher.observe(item); else show(item);
    });
  });
})();

/* The search dialog's inside, in Material's search markup, from the strings its box carries (data-*): pages do not
   carry markup that only a script can use (docs/overrides/partials/lp-search.html). The magnifier is the header's
   own icon; the label's hidden name comes first (extra.css shows its icons by type). */
(function () {
  "use strict";
  var box = document.querySelector("[data-lp-search]");
  var magnifier = document.querySelector(".md-header__button[for='__search'] svg");
  if (!box || box.firstChild) return;
  var s = box.dataset;
  var status = (JSON.parse(document.getElementById("__config").textContent).translations || {})["search.result.placeholder"];
  function attr(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function icon(path) { return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="' + path + '"/></svg>'; }
  box.innerHTML =
    '<label class="md-search__overlay" for="__search"></label>' +
    '<div class="md-search__inner" role="search">' +
    '<form class="md-search__form" name="search" action="#">' +
    '<input type="text" class="md-search__input" name="query" id="lp-search-query" aria-label="' + attr(s.placeholder) +
    '" placeholder="' + attr(s.placeholder) + '" autocapitalize="off" autocorrect="off" autocomplete="off" ' +
    'spellcheck="false" enterkeyhint="search" aria-keyshortcuts="/" aria-controls="lp-search-results" ' +
    'aria-describedby="lp-search-meta">' +
    /* The "/" shortcut, shown in the header's field on wide screens with a mouse (extra.css); said in words in the
       dialog's hint. */
    '<kbd class="lp-search__key" aria-hidden="true">/</kbd>' +
    '<label class="md-search__icon md-icon" for="__search"><span class="lp-visually-hidden">' + attr(s.reset) + "</span>" +
    (magnifier ? magnifier.outerHTML : "") + icon("M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z") +
    "</label>" +
    '<nav class="md-search__options" aria-label="' + attr(box.getAttribute("aria-label")) + '">' +
    '<button type="reset" class="md-search__icon md-icon" title="' + attr(s.reset) + '" aria-label="' + attr(s.reset) +
    '" tabindex="-1">' + icon("M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z") +
    "</button></nav></form>" +
    '<div class="md-search__output"><div class="md-search__scrollwrap" data-md-scrollfix><div class="md-search-result">' +
    '<div class="md-search-result__meta" id="lp-search-meta" role="status" aria-live="polite">' + attr(status || "") + "</div>" +
    '<p class="lp-search__hint" id="lp-search-hint">' + attr(s.hint) + "</p>" +
    '<ol class="md-search-result__list" id="lp-search-results" data-more="' + attr(s.more) + '" data-unavailable="' +
    attr(s.unavailable) + '"></ol></div></div></div></div>';
  box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
})();

(function () {
  "use strict";
  /* Search opens the same way before and after search.js arrives: a click or tap on the search icon (the toggle
     __search), a click or focus in the header's field, or "/", "s", "f". The field takes the focus in the same
     event, so that a phone's keyboard opens on the first tap (a focus outside a tap's event would not open it). */
  var toggle = document.getElementById("__search");
  var input = document.getElementById("lp-search-query");
  if (!toggle || !input) return;
  var config = JSON.parse(document.getElementById("__config").textContent);
  var loading = false;

  function load() {
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = new URL("javascripts/search.js", new URL(config.base.replace(/\/?$/, "/"), location.href)).href;
    document.head.appendChild(script);
  }

  function focusField() {
    void input.offsetWidth; /* apply the open dialog's styles now, so that the field can take the focus at once */
    if (document.activeElement !== input) input.focus();
    load();
  }

  document.addEventListener("keydown", function (event) {
    if (window.lpSearch || toggle.checked) return; /* search.js handles the keys once it is here */
    var target = event.target;
    var typing = target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName);
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[/sf]$/.test(event.key)) {
      event.preventDefault();
      toggle.checked = true;
      focusField();
    }
  }, true);
  input.addEventListener("focus", function () {
    if (!toggle.checked) toggle.checked = true; /* a click or tab into the header's field opens the dialog */
    load();
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) focusField();
    else if (document.activeElement === input) input.blur();
  });
})();

(function () {
  "use strict";
  var KEY = "lp-my-list";
  var config = JSON.parse(document.getElementById("__config").textContent);
  var siteRoot = new URL(config.base.replace(/\/?$/, "/"), location.href);

  function read() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (error) { return null; }
  }
  function write(items) {
    try { localStorage.setItem(KEY, JSON.stringify(items)); return true; } catch (error) { return false; }
  }
  function has(items, id) { return items.some(function (item) { return item.id === id; }); }
  /* A CSV cell that no spreadsheet evaluates as a formula (OWASP: an apostrophe before =, +, -, @, tab, CR),
     as the catalogue's own catalog.csv writes them (hooks/learning_catalog/contract/table.py). */
  function neutralise(cell) {
    var formula = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
    return formula.test(cell) || (cell.charAt(0) === "'" && /^['=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(cell.slice(1)))
      ? "'" + cell : cell;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Product pages: the save button. What it saves is read from the page (the product's id on its article, its title
     in the heading, this page's address from the site's root), not repeated on the button (#10). */
  var button = document.querySelector("[data-lp-save]");
  var product = button && button.closest("[data-product]");
  if (button && product && read() !== null) {
    var id = product.getAttribute("data-product");
    var title = product.querySelector("h1").textContent.trim();
    var path = location.pathname.slice(siteRoot.pathname.length).replace(/index\.html$/, "");
    var update = function () {
      var saved = has(read(), id);
      button.textContent = saved ? button.getAttribute("data-saved") : button.getAttribute("data-save");
      button.setAttribute("aria-pressed", saved ? "true" : "false");
    };
    button.addEventListener("click", function () {
      var items = read();
      if (has(items, id)) items = items.filter(function (item) { return item.id !== id; });
      else items.push({ id: id, title: title, path: path });
      write(items);
      update();
    });
    button.hidden = false;
    update();
  }

  /* The list page. */
  var root = document.getElementById("lp-my-list");
  if (!root) return;
  var items = read();
  var view = root.querySelector(".lp-my-list__view");
  /* The page gives the interface strings in its language (data-strings; see hooks/learning_catalog/i18n.py). */
  var STRINGS = JSON.parse(root.getAttribute("data-strings") || "{}");
  function tr(text, values) {
    return (STRINGS[text] || text).replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }
  var shared = new URLSearchParams(location.search).get("ids");
  if (items === null) {
    view.textContent = tr("This browser does not let the site keep a list (storage is off).");
    root.setAttribute("data-ready", "true");
    return;
  }

  function link(item) {
    var a = el("a", { href: new URL(item.path, siteRoot).href, class: "lp-item__title" }, item.title);
    return a;
  }

  function render() {
    items = read();
    view.textContent = "";
    if (!items.length) {
      view.appendChild(el("p", {}, tr("Your list is empty. Use \u201cSave to my list\u201d on a product's page.")));
    } else {
      var list = el("ul", { class: "lp-list" });
      items.forEach(function (item) {
        var remove = el("button", { type: "button", class: "lp-chip", "aria-label": tr("Remove %(title)s from my list", { title: item.title }) }, tr("Remove"));
        remove.addEventListener("click", function () {
          write(read().filter(function (other) { return other.id !== item.id; }));
          render();
        });
        var li = el("li", { class: "lp-item" });
        li.appendChild(link(item));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(remove);
        list.appendChild(li);
      });
      view.appendChild(list);
      var share = new URL(location.pathname, location.href);
      share.search = "?ids=" + items.map(function (item) { return item.id; }).join(",");
      var field = el("input", { type: "text", readonly: "", id: "lp-share", value: share.href, class: "lp-share" });
      view.appendChild(el("label", { for: "lp-share" }, tr("Link to share this list: ")));
      view.appendChild(field);
      var csv = "id,title,page\n" + items.map(function (item) {
        return [item.id, item.title, new URL(item.path, siteRoot).href].map(function (cell) {
          return '"' + neutralise(String(cell)).replace(/"/g, '""') + '"';
        }).join(",");
      }).join("\n") + "\n";
      var download = el("a", { href: "data:text/csv;charset=utf-8," + encodeURIComponent(csv), download: "my-list.csv",
                               class: "md-button" }, tr("Export as CSV"));
      view.appendChild(el("p", {})).appendChild(download);
    }
    root.setAttribute("data-ready", "true");
  }

  if (!shared) { render(); return; }
  /* A shared list: show its products (titles from the explorer's data) and offer to save them. */
  var ids = shared.split(",").filter(Boolean);
  window.lpLoadData(new URL("catalogue/explorer.json", siteRoot).href)
    .then(function (data) {
      /* Only ids that the catalogue has: a Map, so that "__proto__" or "toString" name nothing. */
      var known = new Map();
      data.products.id.forEach(function (id, i) { known.set(id, data.products.title[i]); });
      var unique = new Set();
      var found = ids.filter(function (id) { var keep = known.has(id) && !unique.has(id); unique.add(id); return keep; }).map(function (id) {
        return { id: id, title: known.get(id), path: root.getAttribute("data-product-path").replace("{id}", id) };
      });
      view.textContent = "";
      view.appendChild(el("h2", {}, tr("A list shared with you (%(count)s)", { count: found.length })));
      var list = el("ul", { class: "lp-list" });
      found.forEach(function (item) { var li = el("li", { class: "lp-item" }); li.appendChild(link(item)); list.appendChild(li); });
      view.appendChild(list);
      var save = el("button", { type: "button", class: "md-button md-button--primary" }, tr("Add these to my list"));
      save.addEventListener("click", function () {
        var mine = read();
        found.forEach(function (item) { if (!has(mine, item.id)) mine.push(item); });
        write(mine);
        history.replaceState(null, "", location.pathname);
        render();
      });
      view.appendChild(save);
      root.setAttribute("data-ready", "true");
    })
    .catch(function () { view.textContent = tr("The shared list could not be read."); });
})();

/* 4. The drawer's and the search's checkboxes start unchecked after Back or a reload (without autocomplete="off",
   which the HTML standard does not allow on a checkbox, a browser may restore them checked); tables and code that
   scroll sideways take the focus; buttons that open the search (the 404 page's "Search the site"), with words of
   the address to start from. */
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var input = document.getElementById("lp-search-query");
  function uncheck() {
    ["__drawer", "__search"].forEach(function (id) {
      var box = document.getElementById(id);
      if (box && box.checked) { box.checked = false; box.dispatchEvent(new Event("change")); }
    });
  }
  var navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (navigation && (navigation.type === "back_forward" || navigation.type === "reload")) uncheck();
  window.addEventListener("pageshow", function (event) { if (event.persisted) uncheck(); });

  /* The open search dialog is modal: the page behind it is inert (no pointer, focus or half-covered target),
     whichever script or key opened or closed it (checked after each event). */
  var container = document.querySelector(".md-container");
  function modal() {
    var open = !!(toggle && toggle.checked);
    if (container && container.inert !== open) container.inert = open;
  }
  ["change", "click", "keydown", "keyup", "focusin", "touchend"].forEach(function (type) {
    document.addEventListener(type, function () { setTimeout(modal, 0); });
  });

  /* Tab into the header's field opens the dialog, so the dialog must not catch a keyboard user who only passes
     by (WCAG 2.1.2, no keyboard trap): Tab on its last control, or Shift+Tab on the field, closes it and lets the
     browser go on to the next or previous control of the page. */
  var dialog = document.querySelector("[data-lp-search]");
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || !toggle || !toggle.checked || !dialog || !dialog.contains(document.activeElement)) return;
    var stops = Array.prototype.filter.call(dialog.querySelectorAll("a[href], button, input, [tabindex]"), function (el) {
      return el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0;
    });
    if (document.activeElement !== (event.shiftKey ? stops[0] : stops[stops.length - 1])) return;
    toggle.checked = false;
    modal(); /* now, before the browser moves the focus: the page behind is no longer inert */
    /* Told to the theme's and search.js's listeners afterwards, unless the learner is already back in the field
       (its change would select what they are typing). */
    setTimeout(function () { if (!toggle.checked) toggle.dispatchEvent(new Event("change")); }, 0);
  }, true);

  /* A table or code block wider than a phone's screen scrolls sideways: keyboard users reach it with Tab. */
  function focusable() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset pre > code"), function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
    });
  }
  var resizing;
  function later() { cancelAnimationFrame(resizing); resizing = requestAnimationFrame(focusable); }
  focusable();
  if (window.ResizeObserver) new ResizeObserver(later).observe(document.body); /* the theme's wrappers come later */
  else window.addEventListener("resize", later);
  if (!toggle || !input) return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-lp-open-search]"), function (button) {
    button.addEventListener("click", function () {
      var query = button.getAttribute("data-lp-query");
      if (query && !input.value) input.value = query;
      if (window.lpSearch) {
        window.lpSearch.open();
        input.dispatchEvent(new Event("input"));
        return;
      }
      toggle.checked = true;
      void input.offsetWidth; /* apply the dialog's styles, so that the input can take the focus */
      input.focus(); /* site.js loads search.js on this focus; it searches what the field holds */
    });
  });
})();
