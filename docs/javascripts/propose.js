/* "Propose a product" (/contribute/propose/): loaded by that page only (hooks/learning_catalog/site/templates/
   propose.md.j2). The form is generated from the contract at build time; this script
   1. reads the answers into a product record (durations from hours and minutes, lists in the order chosen);
   2. checks them with the published JSON Schema (the page embeds /schema/product.json: a small interpreter for the
      keywords the project emits) and the catalogue's own keys (contribute/known-products.json: ids, titles and
      addresses, compared as `make check` compares them), and shows each message beside its field;
   3. writes the file exactly as `make new` does (hooks/learning_catalog/tools/yamlwrite.py: this is its twin, and a
      test compares the two byte for byte), and offers "Propose on GitHub", "Download the file" and "Copy".
   Nothing typed leaves the browser until one of those buttons is pressed. */
(function () {
  "use strict";
  var root = document.getElementById("lp-propose");
  if (!root) return;
  var DATA = JSON.parse(root.getAttribute("data-form"));
  var STRINGS = JSON.parse(root.getAttribute("data-strings"));
  var SCHEMA = DATA.schema;
  var pageLanguage = document.documentElement.lang || "en";
  var plurals;
  try { plurals = new Intl.PluralRules(pageLanguage); } catch (error) { plurals = new Intl.PluralRules("en"); }

  function tr(message, values) {
    var found = STRINGS[message] === undefined ? message : STRINGS[message];
    if (typeof found === "object") found = found[plurals.select(values.num)] || found.other;
    return found.replace(/%\((\w+)\)s/g, function (whole, name) { return String(values[name]); });
  }

  /* ---- The file, as tools/yamlwrite.py writes it ------------------------------------------------------------ */

  var FIRST = "-?:,[]{}#&*!|>'\"%@` ";
  /* PyYAML's own patterns of the plain words it reads as numbers, booleans, null or dates, by first character. */
  var RESOLVERS = Object.keys(DATA.resolvers).map(function (pattern) { return [new RegExp(pattern), DATA.resolvers[pattern]]; });
  function readsAsText(text) {
    return !RESOLVERS.some(function (resolver) { return resolver[1].indexOf(text.charAt(0)) >= 0 && resolver[0].test(text); });
  }
  var ESCAPES = { "\"": "\\\"", "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

  function printable(code) {
    return (code >= 0x20 && code <= 0x7E) || (code >= 0xA0 && code <= 0xFFFD && code !== 0x2028 &&
      code !== 0x2029 && code !== 0xFEFF && !(code >= 0xD800 && code <= 0xDFFF)) || code >= 0x10000;
  }
  function allPrintable(text, allowNewline) {
    return Array.from(text).every(function (c) { return (allowNewline && c === "\n") || printable(c.codePointAt(0)); });
  }
  function isPlain(text) {
    if (text === "") return false;
    var chars = Array.from(text);
    var last = chars[chars.length - 1];
    return FIRST.indexOf(chars[0]) < 0 && last !== " " && last !== ":" && text.indexOf(": ") < 0 &&
      text.indexOf(" #") < 0 && allPrintable(text, false) && readsAsText(text);
  }
  function isLiteral(text) {
    var lines = text.split("\n");
    return lines.length > 1 && lines[0] !== "" && lines[0].charAt(0) !== " " && lines[lines.length - 1] !== "" &&
      lines.every(function (line) { return line === "" || line.charAt(line.length - 1) !== " "; }) &&
      allPrintable(text, true);
  }
  function hex(code, width) {
    var digits = code.toString(16).toUpperCase();
    while (digits.length < width) digits = "0" + digits;
    return digits;
  }
  function quoted(text) {
    return "\"" + Array.from(text).map(function (c) {
      var code = c.codePointAt(0);
      if (ESCAPES[c]) return ESCAPES[c];
      if (printable(code)) return c;
      return code <= 0xFF ? "\\x" + hex(code, 2) : "\\u" + hex(code, 4);
    }).join("") + "\"";
  }
  function scalar(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    if (isPlain(value)) return value;
    return allPrintable(value, false) ? "'" + value.split("'").join("''") + "'" : quoted(value);
  }
  function spaces(count) { return new Array(count + 1).join(" "); }
  function isMapping(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function literalLines(text, indent) {
    return text.split("\n").map(function (line) { return line ? spaces(indent) + line : ""; });
  }
  function entry(key, value, indent, record) {
    var head = spaces(indent) + scalar(String(key)) + ":";
    if (isMapping(value)) return Object.keys(value).length ? [head].concat(mappingLines(value, indent + 2, record)) : [head + " {}"];
    if (Array.isArray(value)) {
      if (!value.length) return [head + " []"];
      return value.reduce(function (lines, item) { return lines.concat(itemLines(item, indent + 2, record)); }, [head]);
    }
    if (typeof value === "string" && isLiteral(value)) return [head + " |-"].concat(literalLines(value, indent + 2));
    return [head + " " + scalar(value)];
  }
  function itemLines(value, indent, record) {
    var lines;
    if (isMapping(value) && Object.keys(value).length) lines = mappingLines(value, indent + 2, record);
    else if (typeof value === "string" && isLiteral(value)) lines = [spaces(indent + 2) + "|-"].concat(literalLines(value, indent + 4));
    else if (isMapping(value) || Array.isArray(value)) lines = [spaces(indent + 2) + (isMapping(value) ? "{}" : "[]")];
    else lines = [spaces(indent + 2) + scalar(value)];
    return [spaces(indent) + "- " + lines[0].slice(indent + 2)].concat(lines.slice(1));
  }
  /* A record's fields in the contract's order (the schema's), then any other keys. */
  function mappingLines(values, indent, record) {
    var fields = record && record.properties ? Object.keys(record.properties) : [];
    var keys = fields.filter(function (name) { return name in values; })
      .concat(Object.keys(values).filter(function (key) { return fields.indexOf(key) < 0; }));
    return keys.reduce(function (lines, key) {
      var kind = fields.indexOf(key) >= 0 ? record.properties[key] : null;
      var inner = kind && kind.type === "array" ? kind.items : kind;
      return lines.concat(entry(key, values[key], indent, inner && inner.properties ? inner : null));
    }, []);
  }
  function isEmpty(value) {
    return value === undefined || value === null || (Array.isArray(value) && !value.length) ||
      (isMapping(value) && !Object.keys(value).length);
  }
  function dumpRecord(values) {
    var kept = {};
    Object.keys(values).forEach(function (key) { if (!isEmpty(values[key])) kept[key] = values[key]; });
    return mappingLines(kept, 0, SCHEMA).map(function (line) { return line + "\n"; }).join("");
  }
  function comment(line) { return ("# " + line).replace(/\s+$/, ""); }
  /* scaffold.new_product_text: schema line, the fields, then as comments the sources' optional fields and the
     optional fields not filled (contract/newproduct.py). */
  function fileText(values) {
    var filled = Object.keys(values).filter(function (key) { return !isEmpty(values[key]); });
    var optional = DATA.optional.filter(function (line) { return filled.indexOf(line[0]) < 0; }).map(function (line) { return line[1]; });
    var comments = DATA.hints.concat(optional.length ? DATA.heading.concat(optional) : []);
    return DATA.header.join("\n") + "\n" + dumpRecord(values) +
      comments.map(function (line) { return comment(line) + "\n"; }).join("");
  }

  /* ---- Ids and keys, as scaffold.propose_id and the loader's url_keys and title_keys make them ------------- */

  function proposeId(title, taken, limit) {
    limit = limit || 60;
    var slug = title.normalize("NFKD").replace(/[^\x00-\x7F]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "product";
    if (slug.length > limit) {
      var head = slug.slice(0, limit + 1);
      slug = head.indexOf("-") >= 0 ? head.slice(0, head.lastIndexOf("-")) : slug.slice(0, limit);
    }
    var candidate = slug, number = 2;
    while (taken[candidate] !== undefined || DATA.reserved.indexOf(candidate) >= 0) candidate = slug + "-" + number++;
    return candidate;
  }
  function urlKey(value) {
    var rest = value.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, ""), netloc = "", query = "";
    if (rest.slice(0, 2) === "//") {
      var end = rest.slice(2).search(/[/?#]/);
      netloc = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
      rest = end < 0 ? "" : rest.slice(2 + end);
    }
    if (rest.indexOf("#") >= 0) rest = rest.slice(0, rest.indexOf("#"));
    if (rest.indexOf("?") >= 0) { query = rest.slice(rest.indexOf("?") + 1); rest = rest.slice(0, rest.indexOf("?")); }
    var host = netloc.slice(netloc.lastIndexOf("@") + 1);
    host = host.charAt(0) === "[" ? host.slice(1).split("]")[0] : host.split(":")[0];
    host = host.toLowerCase().replace(/\.+$/, "");
    if (host.indexOf("www.") === 0) host = host.slice(4);
    return host + rest.replace(/\/+$/, "") + (query ? "?" + query : "");
  }
  var WHITESPACE = /[\t\n\x0B\x0C\r\x1C-\x1F \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/;
  function inRanges(code, ranges) {
    var low = 0, high = ranges.length - 1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (code < ranges[middle][0]) high = middle - 1;
      else if (code > ranges[middle][1]) low = middle + 1;
      else return true;
    }
    return false;
  }
  /* text.comparison_key: compatibility forms folded (NFKC), invisible characters ignored, case folded, spaces
     collapsed; the tables of ignored and folded characters come from the contract. */
  function titleKey(text) {
    var kept = Array.from(text.normalize("NFKC")).filter(function (c) { return !inRanges(c.codePointAt(0), DATA.ignored); });
    var folded = kept.map(function (c) { return DATA.fold[c] === undefined ? c.toLowerCase() : DATA.fold[c]; });
    return folded.join("").split(WHITESPACE).filter(Boolean).join(" ");
  }
  /* text.forbidden_character: the first character the catalogue refuses in a text (titles refuse more). */
  function forbidden(text, title) {
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      if (inRanges(chars[i].codePointAt(0), title ? DATA.forbiddenInTitles : DATA.forbidden)) return { index: i, code: chars[i].codePointAt(0) };
    }
    return null;
  }

  /* ---- The JSON Schema: the keywords the project's schemas use ---------------------------------------------- */

  function typeOf(value) {
    if (Array.isArray(value)) return "array";
    if (value === null) return "null";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
  }
  function hasType(type, value) {
    var actual = typeOf(value);
    return actual === type || (type === "number" && actual === "integer");
  }
  function validate(node, value, path, errors) {
    if (node.anyOf) {
      var tried = node.anyOf.map(function (option) { var found = []; validate(option, value, path, found); return found; });
      if (tried.some(function (found) { return !found.length; })) return;
      var index = node.anyOf.findIndex(function (option) { return !option.type || hasType(option.type, value); });
      errors.push.apply(errors, tried[index < 0 ? 0 : index]);
      return;
    }
    function fail(keyword, params) { errors.push({ path: path, keyword: keyword, params: params || {}, value: value }); }
    if (node.type && !hasType(node.type, value)) { fail("type", { type: node.type }); return; }
    if (node.enum && !node.enum.some(function (allowed) { return allowed === value; })) fail("enum");
    if (typeof value === "string") {
      var length = Array.from(value).length;
      if (node.minLength !== undefined && length < node.minLength) fail("minLength");
      if (node.maxLength !== undefined && length > node.maxLength) fail("maxLength", { limit: node.maxLength, count: length });
      if (node.pattern !== undefined && !new RegExp(node.pattern).test(value)) fail("pattern");
    }
    if (typeof value === "number") {
      if (node.minimum !== undefined && value < node.minimum) fail("minimum", { limit: node.minimum });
      if (node.maximum !== undefined && value > node.maximum) fail("maximum", { limit: node.maximum });
    }
    if (Array.isArray(value)) {
      if (node.minItems !== undefined && value.length < node.minItems) fail("minItems", { limit: node.minItems });
      value.forEach(function (item, i) {
        if (node.items) validate(node.items, item, path.concat([i]), errors);
        if (node.uniqueItems && value.slice(0, i).some(function (other) { return JSON.stringify(other) === JSON.stringify(item); })) {
          errors.push({ path: path.concat([i]), keyword: "uniqueItems", params: {}, value: item });
        }
      });
    }
    if (isMapping(value)) {
      var keys = Object.keys(value);
      (node.required || []).forEach(function (name) { if (!(name in value)) errors.push({ path: path.concat([name]), keyword: "required", params: {} }); });
      if (node.minProperties !== undefined && keys.length < node.minProperties) fail("minProperties");
      keys.forEach(function (key) {
        var matched = false;
        if (node.properties && node.properties[key]) { matched = true; validate(node.properties[key], value[key], path.concat([key]), errors); }
        Object.keys(node.patternProperties || {}).forEach(function (pattern) {
          if (new RegExp(pattern).test(key)) { matched = true; validate(node.patternProperties[pattern], value[key], path.concat([key]), errors); }
        });
        if (!matched && node.additionalProperties === false) errors.push({ path: path.concat([key]), keyword: "additionalProperties", params: {} });
      });
    }
  }

  /* ---- The form ------------------------------------------------------------------------------------------- */

  var form = root.querySelector(".lp-propose__form");
  var preview = root.querySelector(".lp-propose__preview code");
  var fileName = root.querySelector(".lp-propose__filename");
  var status = root.querySelector(".lp-propose__status");
  var live = document.getElementById("lp-propose-live");
  var buttons = {
    github: root.querySelector(".lp-propose__github"), download: root.querySelector(".lp-propose__download"),
    copy: root.querySelector(".lp-propose__copy"), show: root.querySelector(".lp-propose__show")
  };
  var idInput = form.querySelector("[name=id]");
  var known = { ids: {}, urls: {}, titles: {}, names: {} };
  var touched = new Set();
  var showAll = false;
  var current = { text: "", id: "", errors: [] };
  var groupCounter = 0;

  function topFields() {
    return Array.prototype.filter.call(form.querySelectorAll(".lp-field"), function (el) { return !el.parentElement.closest(".lp-field"); });
  }
  function entryFields(entryEl) {
    return Array.prototype.filter.call(entryEl.querySelectorAll(".lp-field"), function (el) {
      return el.parentElement.closest(".lp-group__entry") === entryEl;
    });
  }
  function convert(node, text) {
    var type = node && (node.type || (node.anyOf ? node.anyOf[0].type : null));
    if (type === "integer") return /^[0-9]+$/.test(text) ? Number(text) : text;
    if (type === "boolean") return text === "true";
    return text;
  }

  /* The value of one field (undefined when empty); ``where`` maps each list item to its element. */
  function readField(el, node, where) {
    var widget = el.getAttribute("data-widget");
    if (widget === "choices") {
      var chosen = el.lpChosen || [];
      return chosen.length ? chosen.map(function (value) { return convert(node && node.items, value); }) : undefined;
    }
    if (widget === "duration") {
      var parts = el.querySelectorAll("input");
      var hours = parts[0].value.trim(), minutes = parts[1].value.trim();
      if (!hours && !minutes && !parts[0].validity.badInput && !parts[1].validity.badInput) return undefined;
      var total = (/^[0-9]+$/.test(hours || "0") ? Number(hours || 0) * 60 : NaN) + (/^[0-9]+$/.test(minutes || "0") ? Number(minutes || 0) : NaN);
      if (!(total > 0)) { el.lpExtra = [{ message: tr("The duration must be longer than zero.") }]; return undefined; }
      if (total > DATA.maxDurationMinutes) { el.lpExtra = [{ message: tr("The duration must be at most ten years.") }]; return undefined; }
      return "PT" + (Math.floor(total / 60) ? Math.floor(total / 60) + "H" : "") + (total % 60 ? total % 60 + "M" : "");
    }
    if (widget === "group") {
      var list = [];
      where[el.getAttribute("data-field")] = [];
      el.querySelectorAll(":scope > .lp-group__entries > .lp-group__entry").forEach(function (entryEl) {
        var record = {};
        entryFields(entryEl).forEach(function (sub) {
          var name = sub.getAttribute("data-field");
          var value = readField(sub, node && node.items && node.items.properties[name], where);
          if (value !== undefined) record[name] = value;
        });
        if (Object.keys(record).length) { list.push(record); where[el.getAttribute("data-field")].push(entryEl); }
      });
      return list.length ? list : undefined;
    }
    var control = el.querySelector("input, select, textarea");
    var text = control.value.trim();
    if (widget === "number" && control.validity.badInput) return "?";
    return text ? convert(node, text) : undefined;
  }
  function readValues() {
    var values = {}, where = {};
    form.querySelectorAll(".lp-field").forEach(function (el) { el.lpExtra = []; });
    topFields().forEach(function (el) {
      var name = el.getAttribute("data-field");
      if (name === "id") return;
      var value = readField(el, SCHEMA.properties[name], where);
      if (value !== undefined) values[name] = value;
    });
    return { values: values, where: where };
  }

  /* ---- Messages -------------------------------------------------------------------------------------------- */

  function labelOf(el) {
    var label = el.querySelector(".lp-field__label");
    var copy = label.cloneNode(true);
    copy.querySelectorAll(".lp-field__required").forEach(function (node) { node.remove(); });
    return copy.textContent.trim();
  }
  function messageFor(error, el) {
    var messages = JSON.parse(el.getAttribute("data-messages") || "{}");
    var value = error.value;
    switch (error.keyword) {
      case "required": return tr("Fill in this field: it is required.");
      case "minItems": return tr("Choose at least one.");
      case "maxLength": return tr("%(count)s characters; the limit is %(limit)s.", error.params);
      case "minLength": return tr("This is empty.");
      case "uniqueItems": return tr("%(value)s is listed twice.", { value: value });
      case "minimum": case "type": if (error.keyword === "minimum" || el.getAttribute("data-widget") === "number") return tr("Write a whole number of 1 or more.");
        break;
      case "enum": if (messages.enum) return tr(messages.enum, { value: value }); break;
      case "pattern":
        if (messages.scheme && !/^https?:/i.test(String(value))) return tr(messages.scheme, { value: value });
        if (messages.pattern) return tr(messages.pattern, { value: value });
        break;
    }
    return tr("This value is not allowed here.");
  }
  /* The element of the field an error is about: a list item's field, or the field itself. */
  function elementFor(path, where) {
    var el = topFields().filter(function (field) { return field.getAttribute("data-field") === path[0]; })[0];
    if (el && path.length > 2 && typeof path[1] === "number" && where[path[0]] && where[path[0]][path[1]]) {
      var sub = entryFields(where[path[0]][path[1]]).filter(function (field) { return field.getAttribute("data-field") === path[2]; })[0];
      if (sub) return sub;
    }
    if (el && path.length === 2 && typeof path[1] === "number" && where[path[0]] && where[path[0]][path[1]]) {
      return where[path[0]][path[1]].querySelector(".lp-field") || el;
    }
    return el;
  }
  function productLink(id) {
    var a = document.createElement("a");
    a.href = root.getAttribute("data-product-url").replace("%7Bid%7D", id).replace("{id}", id);
    a.textContent = known.names[id] || id;
    return a;
  }
  /* A translated message whose %(product)s is a link (messages are built as nodes: typed text stays text). */
  function richMessage(message, values, productId) {
    var fragment = document.createDocumentFragment();
    tr(message, Object.assign({}, values, { product: "\u0000" })).split("\u0000").forEach(function (part, i) {
      if (i) fragment.appendChild(productLink(productId));
      fragment.appendChild(document.createTextNode(part));
    });
    return fragment;
  }

  function check(values, where, id) {
    var found = [];
    var errors = [];
    validate(SCHEMA, values, [], errors);
    errors.forEach(function (error) {
      var el = elementFor(error.path, where);
      if (el) found.push({ el: el, message: messageFor(error, el) });
    });
    form.querySelectorAll(".lp-field").forEach(function (el) {
      (el.lpExtra || []).forEach(function (extra) { found.push({ el: el, message: extra.message }); });
    });
    var byName = function (name) { return topFields().filter(function (el) { return el.getAttribute("data-field") === name; })[0]; };
    if (typeof values.description === "string") {
      /* The contract's Markdown rules (schema.py's own patterns): no raw HTML, links to http(s) addresses only. */
      var html = new RegExp(DATA.markdown.html).exec(values.description);
      var web = new RegExp(SCHEMA.properties.url.pattern);
      var bad = null;
      DATA.markdown.links.forEach(function (rule) {
        var pattern = new RegExp(rule[0], "g" + rule[1]), match;
        while (!bad && (match = pattern.exec(values.description))) {
          var target = match[1];
          while (target.slice(-1) === ")" && target.split(")").length > target.split("(").length) target = target.slice(0, -1);
          if (!web.test(target)) bad = target;
        }
      });
      if (html) found.push({ el: byName("description"), message: tr("Write Markdown only: raw HTML (%(html)s) is not allowed.", { html: html[0] }) });
      else if (bad !== null) found.push({ el: byName("description"), message: tr("Links in the description must be http:// or https:// addresses; found %(target)s.", { target: bad }) });
    }
    /* Every text of every field, as the catalogue's reader checks it. */
    (function walk(value, path) {
      if (typeof value === "string") {
        var hit = forbidden(value, path.length === 1 && DATA.titles.indexOf(path[0]) >= 0);
        var el = hit && elementFor(path, where);
        if (el) {
          found.push({ el: el, message: tr("This text contains %(char)s at character %(index)s, an invisible character " +
            "that the catalogue does not accept: delete it.", { char: "U+" + hex(hit.code, 4), index: hit.index + 1 }) });
        }
      } else if (Array.isArray(value)) {
        value.forEach(function (item, i) { walk(item, path.concat([i])); });
      } else if (isMapping(value)) {
        Object.keys(value).forEach(function (key) { walk(value[key], path.concat([key])); });
      }
    })(values, []);
    if (typeof values.title === "string" && known.titles[titleKey(values.title)] !== undefined) {
      var other = known.titles[titleKey(values.title)];
      found.push({ el: byName("title"), message: tr("This title is already in the catalogue: %(product)s.", { product: known.names[other] }),
        rich: richMessage("This title is already in the catalogue: %(product)s.", {}, other) });
    }
    if (typeof values.url === "string" && /^https?:/.test(values.url) && known.urls[urlKey(values.url)] !== undefined) {
      var same = known.urls[urlKey(values.url)];
      found.push({ el: byName("url"), message: tr("This address is already in the catalogue: %(product)s.", { product: known.names[same] }),
        rich: richMessage("This address is already in the catalogue: %(product)s.", {}, same) });
    }
    var typed = idInput.value.trim();
    if (typed) {
      var idErrors = [];
      validate(SCHEMA.properties.id, typed, ["id"], idErrors);
      var idEl = byName("id");
      if (idErrors.length) found.push({ el: idEl, message: messageFor(idErrors[0], idEl) });
      else if (DATA.reserved.indexOf(typed) >= 0) found.push({ el: idEl, message: tr("The file name %(id)s is reserved; choose another.", { id: typed }) });
      else if (known.ids[typed] !== undefined) {
        found.push({ el: idEl, message: tr("The file name %(id)s is taken by %(product)s; choose another.", { id: typed, product: known.names[typed] }),
          rich: richMessage("The file name %(id)s is taken by %(product)s; choose another.", { id: typed }, typed) });
      }
    }
    return found;
  }

  function controlsOf(el) {
    var widget = el.getAttribute("data-widget");
    if (widget === "group") return [];
    return Array.prototype.filter.call(el.querySelectorAll("input, select, textarea"), function (control) {
      return control.closest(".lp-field") === el;
    });
  }
  function showErrors(found) {
    var byField = new Map();
    found.forEach(function (problem) {
      if (!byField.has(problem.el)) byField.set(problem.el, []);
      byField.get(problem.el).push(problem);
    });
    form.querySelectorAll(".lp-field").forEach(function (el) {
      var problems = byField.get(el) || [];
      var visible = problems.length && (showAll || touched.has(el));
      var box = el.querySelector(":scope > .lp-field__error");
      var help = el.querySelector(":scope > .lp-field__help");
      var text = visible ? problems.map(function (p) { return p.message; }).join(" ") : "";
      if (box.getAttribute("data-text") !== text) {
        box.setAttribute("data-text", text);
        box.textContent = "";
        problems.forEach(function (p, i) {
          if (!visible) return;
          if (i) box.appendChild(document.createTextNode(" "));
          box.appendChild(p.rich || document.createTextNode(p.message));
        });
        box.hidden = !visible;
        el.classList.toggle("lp-field--invalid", Boolean(visible));
        var described = (visible ? box.id + " " : "") + help.id;
        controlsOf(el).forEach(function (control) {
          if (visible) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
          control.setAttribute("aria-describedby", described);
        });
        if (el.tagName === "FIELDSET") el.setAttribute("aria-describedby", described);
      }
      /* Leaving a field (or choosing in it) announces its message, once for each new message. */
      if (el.lpAnnounce && visible && el.lpAnnounced !== text) live.textContent = tr("%(field)s: %(message)s", { field: labelOf(el), message: text });
      if (el.lpAnnounce || !visible) el.lpAnnounced = visible ? text : "";
      el.lpAnnounce = false;
    });
  }

  /* ---- Update: the values, the file, the checks, the buttons -------------------------------------------- */

  function githubAddress() {
    if (!DATA.newFile) return "";
    return DATA.newFile + "?filename=catalog/products/" + current.id + ".yml&value=" + encodeURIComponent(current.text);
  }
  function setStatus(text) { if (status.textContent !== text) status.textContent = text; }

  function update() {
    var read = readValues();
    var proposed = proposeId(typeof read.values.title === "string" ? read.values.title : "", known.ids);
    idInput.placeholder = proposed;
    current.id = idInput.value.trim() || proposed;
    current.values = read.values;
    current.text = fileText(read.values);
    preview.textContent = current.text;
    fileName.textContent = "catalog/products/" + current.id + ".yml";
    current.errors = check(read.values, read.where, current.id).sort(function (a, b) {
      return a.el === b.el ? 0 : a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    showErrors(current.errors);
    var address = githubAddress();
    var tooLong = address.length > DATA.maxUrl;
    buttons.github.disabled = Boolean(current.errors.length || !address || tooLong);
    buttons.show.hidden = !current.errors.length;
    if (current.errors.length) setStatus(tr("%(num)s problem to fix before proposing the file", { num: current.errors.length }));
    else if (!DATA.newFile) setStatus(tr("Proposing on GitHub is not set up for this site: download or copy the file and send it to the maintainers."));
    else if (tooLong) setStatus(tr("The address of the file on GitHub would be %(length)s characters long, more than the %(limit)s a browser can safely open. Download the file instead, then upload it in the catalogue's catalog/products folder on GitHub (Add file, then Upload files).", { length: address.length, limit: DATA.maxUrl }));
    else setStatus(tr("The file is ready. Propose it on GitHub, or download or copy it."));
  }
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    Promise.resolve().then(function () { pending = false; update(); });
  }

  /* ---- Widgets: lists of choices (with a filter), durations, groups of records ------------------------- */

  function setupChoices(el) {
    el.lpChosen = [];
    var chosen = el.querySelector(".lp-choices__chosen");
    var filter = el.querySelector(".lp-choices__filter");
    function options() { return Array.prototype.slice.call(el.querySelectorAll(".lp-choice")); }
    function labelFor(value) {
      var option = options().filter(function (o) { return o.querySelector("input").value === value; })[0];
      return option ? option.textContent.trim() : tr("Not in the list: %(value)s", { value: value });
    }
    function render() {
      chosen.textContent = "";
      el.lpChosen.forEach(function (value) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "lp-chip";
        button.textContent = labelFor(value) + " \u00d7";
        button.setAttribute("aria-label", tr("Remove %(value)s", { value: labelFor(value) }));
        button.addEventListener("click", function () {
          var next = li.nextElementSibling || li.previousElementSibling;
          el.lpChosen = el.lpChosen.filter(function (other) { return other !== value; });
          options().forEach(function (o) { var box = o.querySelector("input"); if (box.value === value) box.checked = false; });
          render();
          touched.add(el);
          (next ? next.querySelector("button") : filter || el.querySelector("input")).focus();
          schedule();
        });
        li.appendChild(button);
        chosen.appendChild(li);
      });
      chosen.hidden = !el.lpChosen.length;
    }
    el.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox") return;
      el.lpChosen = el.lpChosen.filter(function (value) { return value !== box.value; });
      if (box.checked) el.lpChosen.push(box.value);
      render();
    });
    if (!filter) return;
    /* A long list is one stop for Tab: the arrow keys move between its choices, Space chooses. */
    var list = el.querySelector(".lp-choices__list");
    function boxes() {
      return options().filter(function (o) { return !o.hidden; }).map(function (o) { return o.querySelector("input"); });
    }
    function rove(target) {
      options().forEach(function (o) { o.querySelector("input").tabIndex = -1; });
      if (target) target.tabIndex = 0;
    }
    el.lpRove = function () {
      var visible = boxes();
      if (visible.length && visible.indexOf(document.activeElement) < 0) rove(visible[0]);
    };
    list.addEventListener("keydown", function (event) {
      var visible = boxes(), index = visible.indexOf(event.target);
      if (index < 0) return;
      var forward = getComputedStyle(list).direction === "rtl" ? "ArrowLeft" : "ArrowRight";
      var back = forward === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
      var moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: visible.length - 1 };
      moves[forward] = index + 1;
      moves[back] = index - 1;
      var next = moves[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = Math.max(0, Math.min(visible.length - 1, next));
      rove(visible[next]);
      visible[next].focus();
    });
    list.addEventListener("focusin", function (event) { if (event.target.type === "checkbox") rove(event.target); });
    el.lpRove();
    function apply() {
      var query = filter.value.trim().toLowerCase();
      options().forEach(function (o) { o.hidden = Boolean(query) && o.getAttribute("data-search").indexOf(query) < 0; });
      el.lpRove();
    }
    filter.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown") return;
      var visible = boxes();
      if (!visible.length) return;
      event.preventDefault();
      rove(visible[0]);
      visible[0].focus();
    });
    filter.addEventListener("input", apply);
    filter.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var text = filter.value.trim();
      if (!text) return;
      var lower = text.toLowerCase();
      var all = options();
      var match = all.filter(function (o) { return o.querySelector("input").value.toLowerCase() === lower; })[0] ||
        all.filter(function (o) { return o.textContent.trim().toLowerCase() === lower; })[0];
      var visible = all.filter(function (o) { return !o.hidden; });
      if (!match && visible.length === 1) match = visible[0];
      var value = match ? match.querySelector("input").value : text;
      if (match) match.querySelector("input").checked = true;
      if (el.lpChosen.indexOf(value) < 0) el.lpChosen.push(value);
      filter.value = "";
      apply();
      render();
      touched.add(el);
      el.lpAnnounce = true;
      schedule();
    });
  }

  function setupGroup(el) {
    var template = el.querySelector(":scope > .lp-group__template");
    var list = el.querySelector(":scope > .lp-group__entries");
    var add = el.querySelector(":scope > .lp-group__add");
    var legendText = template.content.querySelector(".lp-group__legend").textContent;
    var removeText = template.content.querySelector(".lp-group__remove").textContent;
    function renumber() {
      list.querySelectorAll(":scope > .lp-group__entry").forEach(function (entryEl, i) {
        entryEl.querySelector(".lp-group__legend").textContent = legendText.replace("__N__", i + 1);
        entryEl.querySelector(".lp-group__remove").textContent = removeText.replace("__N__", i + 1);
      });
    }
    function addEntry(focus) {
      var index = String(groupCounter++);
      var fragment = template.content.cloneNode(true);
      fragment.querySelectorAll("[id], [for], [name], [aria-describedby]").forEach(function (node) {
        ["id", "for", "name", "aria-describedby"].forEach(function (attribute) {
          var value = node.getAttribute(attribute);
          if (value) node.setAttribute(attribute, value.split("__I__").join(index));
        });
      });
      var entryEl = fragment.querySelector(".lp-group__entry");
      list.appendChild(fragment);
      entryEl.querySelectorAll(".lp-field").forEach(setup);
      entryEl.querySelector(".lp-group__remove").addEventListener("click", function () {
        var next = entryEl.nextElementSibling || entryEl.previousElementSibling;
        entryEl.remove();
        renumber();
        touched.add(el);
        (next ? next.querySelector("input, select, textarea") : add).focus();
        schedule();
      });
      renumber();
      if (focus) entryEl.querySelector("input, select, textarea").focus();
      schedule();
    }
    add.addEventListener("click", function () { addEntry(true); });
    if (add.hasAttribute("data-start")) addEntry(false);
  }

  function setup(el) {
    var widget = el.getAttribute("data-widget");
    if (widget === "choices") setupChoices(el);
    if (widget === "group") setupGroup(el);
  }

  /* ---- The catalogue's keys, for duplicates (a script in the offline edition, opened from disk) ---------- */

  function loadKnown() {
    var src = root.getAttribute("data-known");
    if (location.protocol !== "file:") {
      return fetch(src).then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); });
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src.replace(/\.json$/, ".js");
      script.onload = function () { if (window.LP_KNOWN_PRODUCTS) resolve(window.LP_KNOWN_PRODUCTS); else reject(new Error("no data")); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  function useKnown(data) {
    data.ids.forEach(function (id, i) {
      known.ids[id] = i;
      known.names[id] = data.titles[i];
      known.urls[data.urls[i]] = id;
      data.titleKeys[i].forEach(function (key) { known.titles[key] = id; });
    });
    /* Lists of product ids (related) choose among the catalogue's products. */
    topFields().forEach(function (el) {
      var node = SCHEMA.properties[el.getAttribute("data-field")];
      var list = el.querySelector(".lp-choices__list");
      if (!list || list.children.length || !node || !node.items || node.items.pattern === undefined) return;
      data.ids.map(function (id, i) { return [data.titles[i], id]; }).sort(function (a, b) { return a[0].localeCompare(b[0]); })
        .forEach(function (pair) {
          var label = document.createElement("label");
          label.className = "lp-choice";
          label.setAttribute("data-search", (pair[0] + " " + pair[1]).toLowerCase());
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = el.getAttribute("data-field");
          box.value = pair[1];
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + pair[0]));
          list.appendChild(label);
        });
      if (el.lpRove) el.lpRove();
    });
    schedule();
  }

  /* ---- Actions: nothing leaves the browser before one of these is pressed ------------------------------- */

  buttons.github.addEventListener("click", function () {
    update();
    var address = githubAddress();
    if (buttons.github.disabled || !address) return;
    window.open(address, "_blank", "noopener");
  });
  buttons.download.addEventListener("click", function () {
    update();
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([current.text], { type: "application/yaml;charset=utf-8" }));
    link.download = current.id + ".yml";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  });
  function copied(ok) {
    setStatus(tr(ok ? "Copied to the clipboard." : "This browser did not let the page copy: select the text of the file and copy it."));
  }
  function copyByHand() {
    var area = document.createElement("textarea");
    area.value = current.text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    area.remove();
    buttons.copy.focus();
    copied(ok);
  }
  buttons.copy.addEventListener("click", function () {
    update();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(current.text).then(function () { copied(true); }, copyByHand);
    } else {
      copyByHand();
    }
  });
  buttons.show.addEventListener("click", function () {
    showAll = true;
    update();
    var first = current.errors[0];
    if (!first) return;
    var target = controlsOf(first.el)[0] || first.el.querySelector("button, input, select, textarea");
    if (target) target.focus();
    live.textContent = tr("%(field)s: %(message)s", { field: labelOf(first.el), message: first.message });
  });

  /* A field's messages show once it has been left (or after "Show the problems"), then follow the typing. */
  form.addEventListener("input", schedule);
  form.addEventListener("change", function (event) {
    var el = event.target.closest(".lp-field");
    if (el) { touched.add(el); el.lpAnnounce = true; }
    schedule();
  });
  form.addEventListener("focusout", function (event) {
    var el = event.target.closest(".lp-field");
    if (!el || (event.relatedTarget && el.contains(event.relatedTarget))) return;
    el.lpAnnounce = true;
    touched.add(el);
    schedule();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  form.querySelectorAll(".lp-field").forEach(function (el) { if (!el.closest("template")) setup(el); });
  loadKnown().then(useKnown, function () {
    var note = document.createElement("p");
    note.className = "lp-status";
    note.textContent = tr("The catalogue's list of products could not be loaded: duplicates are not checked here (the checks on GitHub will).");
    form.insertBefore(note, form.firstChild);
  });
  update();

  /* For the tests, which compare this twin with the Python it mirrors. */
  window.lpPropose = { fileText: fileText, proposeId: proposeId, urlKey: urlKey, titleKey: titleKey,
    values: function () { return current.values; }, address: githubAddress };
})();
