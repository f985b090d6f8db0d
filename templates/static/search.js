// The search page, on Pagefind's JS API. The page's form is a plain GET form (?q=&tag=&year=
// &issue=&sort=&all=); this script runs the search it describes, keeps the address in step without
// piling up history, and announces the count. There is one Pagefind bundle per language and year
// (render/search.py): the page's language, newest year first, with the other years merged in; the
// other languages are merged only when the reader asks for them.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.URL || !window.history) return;
  var data = form.dataset, fields = form.elements;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var refine = form.querySelector(".refine");
  var lang = data.lang;
  var others = data.others ? data.others.split(" ") : [];
  var years = data.years ? data.years.split(" ") : [];
  var FILTERS = ["tag", "year", "issue"], PAGE = 20;
  var tagNames = JSON.parse(data.tags || "{}"); // slug -> the tag's name in this page's language
  function label(key, v) { return key === "tag" ? tagNames[v] || v : v; }
  var pagefind = null, merged = null, results = [], serial = 0, timer = 0, searched = false;

  // Absolute, so that Pagefind's own imports resolve under any sub-path the site is served from.
  function bundle(code, year) { return new URL(data.bundles + code + "/" + year + "/", location.href).href; }

  function load() {
    if (!pagefind) {
      pagefind = years.length ? import(bundle(lang, years[0]) + "pagefind.js").then(function (pf) {
        return pf.options({ excerptLength: 24 }).then(function () {
          return Promise.all(years.slice(1).map(function (y) { return pf.mergeIndex(bundle(lang, y)); }));
        }).then(function () { return pf; });
      }) : Promise.reject(new Error("no index"));
    }
    return pagefind;
  }

  // The other languages' bundles, merged once, the first time the reader ticks the switch.
  function withOthers(pf) {
    if (!fields.all || !fields.all.checked) return pf;
    merged = merged || Promise.all([].concat.apply([], others.map(function (code) {
      return years.map(function (y) { return pf.mergeIndex(bundle(code, y), { language: code }); });
    })));
    return merged.then(function () { return pf; });
  }

  // arXiv ids as readers paste them (arXiv:2506.15841v2, https://arxiv.org/abs/cs/0601001 ...) become
  // the id's parts as separate words ("2506 15841"), which Pagefind requires together: a paper page
  // shows its id, so that paper is found, where the id as one word matched only its prefix.
  var ARXIV = /^(?:https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf)\/|arxiv:\s*)?(\d{4})\.(\d{4,5})(?:v\d+)?(?:\.pdf)?$|^(?:https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf)\/|arxiv:\s*)?([a-z-]+(?:\.[a-z]{2})?)\/(\d{7})(?:v\d+)?(?:\.pdf)?$/i;
  function arxiv(q) {
    var id = q.trim().match(ARXIV);
    return id ? (id[1] ? [id[1], id[2], "."] : [id[3], id[4], "/"]) : null;
  }
  function term(q) {
    var id = arxiv(q);
    return id ? id[0] + " " + id[1] : q.trim();
  }

  // Each year's index ranks on its own, and a word it lacks is dropped: a page that shows the
  // id itself ("2506.15841") goes first, whichever index found it.
  function idFirst(found, q) {
    var id = arxiv(q), head = found.slice(0, 50);
    if (!id) return Promise.resolve(found);
    var text = id[0] + id[2] + id[1];
    return Promise.all(head.map(function (r) { return r.data(); })).then(function (items) {
      var hits = head.filter(function (r, n) { return items[n].content.indexOf(text) >= 0; });
      return hits.concat(found.filter(function (r) { return hits.indexOf(r) < 0; }));
    });
  }

  function state() {
    var s = { q: fields.q.value.trim(), sort: fields.sort.value, all: !!(fields.all && fields.all.checked) };
    FILTERS.forEach(function (key) { s[key] = fields[key].value; });
    return s;
  }

  function remember(s) {
    var query = new URLSearchParams();
    ["q", "tag", "year", "issue", "sort"].forEach(function (key) { if (s[key]) query.set(key, s[key]); });
    if (s.all) query.set("all", "1");
    var text = query.toString();
    history.replaceState(history.state, "", location.pathname + (text ? "?" + text : ""));
  }

  function filtersOf(s, except) {
    var chosen = {};
    FILTERS.forEach(function (key) { if (s[key] && key !== except) chosen[key] = s[key]; });
    return chosen;
  }

  // Results in the page's language come first, then each other language's, each by relevance or date.
  function find(pf, s, except) {
    var codes = s.all ? [lang].concat(others) : [lang];
    return Promise.all(codes.map(function (code) {
      return pf.search(s.q ? term(s.q) : null, { filters: Object.assign({ lang: code }, filtersOf(s, except)) });
    })).then(function (searches) {
      var found = { results: [], filters: {} };
      searches.forEach(function (one) {
        found.results = found.results.concat(one.results);
        Object.keys(one.filters || {}).forEach(function (key) {
          var sum = found.filters[key] = found.filters[key] || {};
          Object.keys(one.filters[key]).forEach(function (v) { sum[v] = (sum[v] || 0) + one.filters[key][v]; });
        });
      });
      return found;
    });
  }

  // Newest first: Pagefind merges its indexes by score, so each year (one index) is asked on its
  // own, sorted by week, and the years are put one after the other.
  function newest(pf, s) {
    var codes = s.all ? [lang].concat(others) : [lang];
    return Promise.all(codes.map(function (code) {
      return Promise.all((s.year ? [s.year] : years).map(function (year) {
        var filters = Object.assign({ lang: code }, filtersOf(s), { year: year });
        return pf.search(s.q ? term(s.q) : null, { filters: filters, sort: { week: "desc" } });
      }));
    })).then(function (searches) {
      return [].concat.apply([], [].concat.apply([], searches).map(function (one) { return one.results; }));
    });
  }

  function run() {
    var id = ++serial, s = state();
    remember(s);
    if (!s.q && !FILTERS.some(function (key) { return s[key]; })) {
      results = [];
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
      return;
    }
    searched = true;
    status.textContent = data.loading;
    load().then(withOthers).then(function (pf) {
      // each filter's counts come from a search without that filter, so they say what choosing it gives
      var chosen = FILTERS.filter(function (key) { return s[key]; });
      return Promise.all([find(pf, s)].concat(chosen.map(function (key) { return find(pf, s, key); })))
        .then(function (found) {
          if (id !== serial) return;
          chosen.forEach(function (key, n) { found[0].filters[key] = found[n + 1].filters[key]; });
          offer(found[0].filters, s);
          return s.sort ? newest(pf, s) : idFirst(found[0].results, s.q);
        }).then(function (ordered) {
          if (!ordered || id !== serial) return;
          results = ordered;
          list.textContent = "";
          return show(0).then(function () {
            if (id === serial) status.textContent = results.length ? data.found.replace("{n}", results.length) : data.none;
          });
        });
    }).catch(function () {
      if (id === serial) status.textContent = data.failed;
    });
  }

  // The filter menus: every value with results, with their count; the chosen value always stays.
  function offer(counts, s) {
    FILTERS.forEach(function (key) {
      var select = fields[key], values = counts[key] || {};
      var keys = Object.keys(values).filter(function (v) { return values[v] > 0 || v === s[key]; });
      keys.sort(key === "tag" ? function (a, b) { return label(key, a).localeCompare(label(key, b)); }
                              : function (a, b) { return a < b ? 1 : -1; });
      select.length = 1;
      keys.forEach(function (v) {
        select.add(new Option(label(key, v) + " (" + (values[v] || 0) + ")", v, false, v === s[key]));
      });
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(from) {
    var page = results.slice(from, from + PAGE);
    var serialAtStart = serial;
    return Promise.all(page.map(function (r) { return r.data(); })).then(function (items) {
      if (serialAtStart !== serial) return;
      items.forEach(function (d) {
        var item = element("li"), f = d.filters || {}, code = (f.lang || [lang])[0];
        if (code !== lang) item.lang = code;
        var link = element("a", "title", d.meta.title);
        link.href = d.url;
        item.appendChild(link);
        var meta = element("p", "meta", data.week.replace("{week}", d.meta.week || ""));
        (f.tag || []).forEach(function (tag) { meta.appendChild(element("span", "tag", "#" + label("tag", tag))); });
        item.appendChild(meta);
        var excerpt = element("p", "excerpt");
        excerpt.innerHTML = d.excerpt; // Pagefind's excerpt: escaped page text with <mark> around the matches
        item.appendChild(excerpt);
        list.appendChild(item);
      });
      more.hidden = from + PAGE >= results.length;
      more.dataset.next = from + PAGE;
    });
  }

  function restore() {
    var query = new URLSearchParams(location.search);
    fields.q.value = query.get("q") || "";
    fields.sort.value = query.get("sort") === "newest" ? "newest" : "";
    FILTERS.forEach(function (key) {
      var v = query.get(key);
      if (v) fields[key].add(new Option(v, v, true, true));
    });
    if (fields.all) fields.all.checked = query.get("all") === "1";
  }

  refine.hidden = false;
  refine.disabled = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener("change", function () { clearTimeout(timer); run(); });
  fields.q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
  // The menus are filled from the index when the reader first reaches the form, not on page load.
  form.addEventListener("focusin", function prime() {
    form.removeEventListener("focusin", prime);
    load().then(function (pf) {
      return searched ? null : pf.filters().then(function (all) { offer(all, state()); });
    }).catch(function () {});
  });
  more.addEventListener("click", function () { show(+more.dataset.next); });
  restore();
  run();
})();
