// govkg query page. Written for govkg (Apache-2.0). The editor is CodeMirror 6 (vendor/codemirror.min.js, MIT);
// without it the plain text area is used. No network beyond this site's endpoint.
// Every value from the data is put on the page with textContent, never innerHTML; links only for http(s).
(function () {
  "use strict";
  var CM = window.GovkgEditor;
  var body = document.body;
  var endpoint = body.getAttribute("data-endpoint");
  var queriesBase = body.getAttribute("data-queries");
  var base = body.getAttribute("data-base");
  var root = body.getAttribute("data-root") || "";
  var catalogue = JSON.parse(document.getElementById("catalogue").textContent);
  var prefixes = JSON.parse(document.getElementById("prefixes").textContent);
  var byslug = {};
  catalogue.forEach(function (q) { byslug[q.slug] = q; });
  var $ = function (id) { return document.getElementById(id); };
  var form = $("query-form"), named = $("named"), lang = $("lang"), text = $("query"), params = $("params");
  var status = $("status"), table = $("results"), share = $("share"), downloads = $("downloads");
  var KEYWORDS = ("SELECT DISTINCT WHERE FILTER OPTIONAL PREFIX UNION MINUS BIND VALUES GROUP BY ORDER ASC DESC " +
    "LIMIT OFFSET HAVING AS COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT CONSTRUCT ASK DESCRIBE EXISTS NOT IN " +
    "LANG LANGMATCHES STR REGEX CONTAINS STRSTARTS COALESCE IF BOUND IRI").split(" ");
  var LABEL_CHUNK = 300, LABEL_MAX = 3000, GET_MAX = 7000;
  var view = null, lastRun = null;

  function el(name, attrs, textValue) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (textValue !== undefined) { node.textContent = textValue; }
    return node;
  }

  // -- the editor's text --------------------------------------------------------------------------------------
  function getText() { return view ? view.state.doc.toString() : text.value; }
  function setText(value) {
    if (view) { view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } }); }
    text.value = value;
  }
  function insertAtTop(lines) {
    if (view) { view.dispatch({ changes: { from: 0, insert: lines } }); } else { text.value = lines + text.value; }
    text.value = getText();
  }

  // -- prefixes: the known ones are added when used, or inserted from the list ---------------------------------
  function declared(query) {
    var out = {}, re = /PREFIX\s+([A-Za-z][\w.-]*)?:/gi, m;
    while ((m = re.exec(query)) !== null) { out[m[1] || ""] = true; }
    return out;
  }
  function used(query) {
    var bare = query.replace(/<[^<>\s]*>/g, " ").replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ")
      .replace(/#[^\n]*/g, " ");
    var out = {}, re = /(?:^|[^\w?$:.-])([A-Za-z][\w-]*):/g, m;
    while ((m = re.exec(bare)) !== null) { out[m[1]] = true; }
    return Object.keys(out);
  }
  function addMissingPrefixes() {
    var query = getText(), have = declared(query);
    var lines = used(query).filter(function (p) { return prefixes[p] && !have[p]; }).sort()
      .map(function (p) { return "PREFIX " + p + ": <" + prefixes[p] + ">\n"; });
    if (lines.length) { insertAtTop(lines.join("")); }
  }
  function typedPrefix(update) {
    var typed = false;
    update.transactions.forEach(function (tr) { if (tr.isUserEvent("input.type")) { typed = true; } });
    if (!typed) { return; }
    var head = update.state.selection.main.head, line = update.state.doc.lineAt(head);
    var m = /(?:^|[^\w?$:.-])([A-Za-z][\w-]*):$/.exec(line.text.slice(0, head - line.from));
    if (m && prefixes[m[1]] && !declared(update.state.doc.toString())[m[1]] && !/^\s*PREFIX\b/i.test(line.text)) {
      window.setTimeout(addMissingPrefixes, 0);
    }
  }
  function complete(context) {
    var word = context.matchBefore(/[A-Za-z][\w-]*/);
    if (!word || (word.from === word.to && !context.explicit)) { return null; }
    var options = Object.keys(prefixes).map(function (p) {
      return { label: p + ":", type: "namespace", detail: prefixes[p] };
    }).concat(KEYWORDS.map(function (k) { return { label: k, type: "keyword" }; }));
    return { from: word.from, options: options, validFor: /^[\w-]*$/ };
  }

  function makeEditor() {
    if (!CM) { return; }
    // in a shadow root: CodeMirror's own styles then go into a constructed style sheet, which style-src 'self'
    // allows (in the document itself they would be an inline <style>); editor.css is linked inside it
    var host = $("editor"), shadow = host.attachShadow({ mode: "open" }), mount = el("div");
    shadow.appendChild(el("link", { rel: "stylesheet", href: root + "static/editor.css" }));
    shadow.appendChild(mount);
    view = new CM.EditorView({
      root: shadow,
      parent: mount,
      state: CM.EditorState.create({
        doc: text.value,
        extensions: [
          CM.lineNumbers(), CM.history(), CM.drawSelection(), CM.highlightActiveLine(), CM.bracketMatching(),
          CM.closeBrackets(), CM.StreamLanguage.define(CM.sparql), CM.syntaxHighlighting(CM.classHighlighter),
          CM.autocompletion({ override: [complete] }), CM.EditorView.lineWrapping,
          CM.keymap.of([{ key: "Mod-Enter", run: function () { run(); return true; } }]
            .concat(CM.closeBracketsKeymap, CM.completionKeymap, CM.defaultKeymap, CM.historyKeymap)),
          CM.EditorView.contentAttributes.of({ "aria-label": "SPARQL query" }),
          CM.EditorView.updateListener.of(function (update) {
            if (!update.docChanged) { return; }
            text.value = update.state.doc.toString();
            typedPrefix(update);
            updateShare();
          })
        ]
      })
    });
    text.hidden = true;
    host.hidden = false;
  }

  // -- named queries: the text without its header, the summary and a field per parameter -----------------------
  function showNamed() {
    var q = byslug[named.value];
    params.replaceChildren();
    $("summary").textContent = q ? q.summary : "";
    $("description").hidden = !q;
    if (!q) { updateShare(); return; }
    setText(q.text);
    q.params.forEach(function (p) {
      var id = "param-" + p;
      var wrap = el("div", { "class": "row param" });
      wrap.appendChild(el("label", { "for": id }, p + " (" + q.kinds[p] + ")"));
      wrap.appendChild(el("input", { id: id, name: p, type: "text", placeholder: "label, IRI or CURIE" }));
      if (q.docs[p]) { wrap.appendChild(el("small", { "class": "doc" }, q.docs[p])); }
      params.appendChild(wrap);
    });
    updateShare();
  }
  function unchangedNamed() {
    var q = byslug[named.value];
    return q && getText().trim() === q.text.trim() ? q : null;
  }

  // -- the request, its download links and its share link -------------------------------------------------------
  function paramsOf(q, extra) {
    var search = new URLSearchParams({ lang: lang.value });
    q.params.forEach(function (p) { search.set(p, $("param-" + p).value); });
    Object.keys(extra).forEach(function (k) { search.set(k, extra[k]); });
    return search;
  }
  function getUrl(spec, format) {
    var extra = format ? { format: format } : {};
    if (spec.named) { return queriesBase + encodeURIComponent(spec.named.slug) + "?" + paramsOf(spec.named, extra); }
    extra.query = spec.query;
    return endpoint + "?" + new URLSearchParams(extra).toString();
  }
  function post(query, format, accept) {
    var form = { query: query };
    if (format) { form.format = format; }
    return fetch(endpoint, { method: "POST", body: new URLSearchParams(form).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept || "*/*" } });
  }
  function updateShare() {
    var s = new URLSearchParams(), q = byslug[named.value];
    if (q) { s.set("named", q.slug); }
    if (!unchangedNamed()) { s.set("query", getText()); }
    s.set("lang", lang.value);
    if (q) { q.params.forEach(function (p) { if ($("param-" + p).value) { s.set(p, $("param-" + p).value); } }); }
    share.href = window.location.href.split(/[?#]/)[0] + "#" + s.toString();
    return s;
  }
  function restore() {
    var hash = new URLSearchParams(window.location.hash.slice(1));
    var slug = hash.get("named") || new URLSearchParams(window.location.search).get("named");
    if (hash.get("lang") && lang.querySelector("option[value='" + hash.get("lang").replace(/[^\w-]/g, "") + "']")) {
      lang.value = hash.get("lang");
    }
    named.value = slug && byslug[slug] ? slug : "";
    showNamed();
    if (named.value) {
      byslug[slug].params.forEach(function (p) { if (hash.get(p) !== null) { $("param-" + p).value = hash.get(p); } });
    }
    if (hash.get("query") !== null) { setText(hash.get("query")); }
    updateShare();
  }
  function showDownloads(spec, graph) {
    downloads.replaceChildren(document.createTextNode("Download 下載: "));
    (graph ? [["Turtle", "turtle", "ttl"], ["N-Triples", "nt", "nt"], ["JSON-LD", "json-ld", "jsonld"]]
      : [["CSV", "csv", "csv"], ["TSV", "tsv", "tsv"], ["JSON", "json", "json"]]).forEach(function (f) {
      var a = el("a", { id: "download-" + f[2], download: "results." + f[2], href: getUrl(spec, f[1]) }, f[0]);
      a.addEventListener("click", function (event) {
        if (a.href.length <= GET_MAX || spec.named) { return; }
        event.preventDefault(); // too long for a URL: POST it and save the answer
        post(spec.query, f[1]).then(function (r) { return r.blob(); }).then(function (blob) {
          var link = el("a", { href: URL.createObjectURL(blob), download: "results." + f[2] });
          link.click();
          window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
        });
      });
      downloads.appendChild(a);
      downloads.appendChild(document.createTextNode(" "));
    });
    downloads.hidden = false;
  }

  // -- results: a table whose IRIs are links named by their labels ----------------------------------------------
  function hrefFor(iri) {
    if (iri.indexOf(base) === 0) {
      var path = iri.slice(base.length).split("#");
      return root + "id/" + path[0] + ".html" + (path.length > 1 ? "#" + path[1] : "");
    }
    return /^https?:\/\//i.test(iri) ? iri : null;
  }
  function curie(iri) {
    var best = null;
    Object.keys(prefixes).forEach(function (p) {
      if (iri.indexOf(prefixes[p]) === 0 && (!best || prefixes[p].length > prefixes[best].length)) { best = p; }
    });
    return best ? best + ":" + iri.slice(prefixes[best].length) : iri;
  }
  function cell(binding, iris) {
    var td = el("td");
    if (!binding) { return td; }
    if (binding.type === "uri") {
      var href = hrefFor(binding.value);
      var node = el(href ? "a" : "code", { title: binding.value, "data-iri": binding.value }, curie(binding.value));
      if (href) { node.setAttribute("href", href); }
      td.appendChild(node);
      iris[binding.value] = true;
    } else {
      var span = el("span", {}, binding.value);
      if (binding["xml:lang"] && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(binding["xml:lang"])) {
        span.setAttribute("lang", binding["xml:lang"]);
      }
      td.appendChild(span);
    }
    return td;
  }
  function labelQuery(iris) {
    return "SELECT ?s ?l ?k WHERE { VALUES ?s { " + iris.map(function (i) { return "<" + i + ">"; }).join(" ") +
      " } { ?s <" + prefixes.skos + "prefLabel> ?l BIND(0 AS ?k) } UNION { ?s <" + prefixes.rdfs +
      "label> ?l BIND(1 AS ?k) } }";
  }
  function fetchLabels(iris) {
    var safe = iris.filter(function (i) { return i.length < 2000 && !/[\s<>"{}|^`\\]/.test(i); }).slice(0, LABEL_MAX);
    var order = [lang.value, "zh-hant", "zh-hans", "en", ""].map(function (t) { return t.toLowerCase(); });
    var best = {}, chunks = [];
    for (var i = 0; i < safe.length; i += LABEL_CHUNK) { chunks.push(safe.slice(i, i + LABEL_CHUNK)); }
    return chunks.reduce(function (done, chunk) {
      return done.then(function () {
        return post(labelQuery(chunk), null, "application/sparql-results+json").then(function (r) {
          return r.ok ? r.json() : { results: { bindings: [] } };
        }).then(function (data) {
          data.results.bindings.forEach(function (b) {
            var at = order.indexOf((b.l["xml:lang"] || "").toLowerCase());
            var score = Number(b.k.value) * 10 + (at < 0 ? 9 : at);
            if (!best[b.s.value] || score < best[b.s.value].score) { best[b.s.value] = { score: score, text: b.l.value }; }
          });
        });
      });
    }, Promise.resolve()).then(function () { return best; });
  }
  function show(data, truncated) {
    var head = table.tHead, rows = table.tBodies[0], iris = {};
    head.replaceChildren();
    rows.replaceChildren();
    table.removeAttribute("data-labelled");
    if (data.boolean !== undefined) { status.textContent = "ASK: " + data.boolean; return Promise.resolve(); }
    var vars = data.head.vars, tr = el("tr");
    vars.forEach(function (v) { tr.appendChild(el("th", {}, v)); });
    head.appendChild(tr);
    data.results.bindings.forEach(function (b) {
      var row = el("tr");
      vars.forEach(function (v) { row.appendChild(cell(b[v], iris)); });
      rows.appendChild(row);
    });
    var n = data.results.bindings.length;
    status.textContent = n + (n === 1 ? " row" : " rows") + (truncated ? " (truncated)" : "");
    return fetchLabels(Object.keys(iris)).then(function (labels) {
      table.querySelectorAll("[data-iri]").forEach(function (node) {
        var label = labels[node.getAttribute("data-iri")];
        if (label) { node.textContent = label.text; }
      });
      table.setAttribute("data-labelled", "true");
    });
  }
  function showText(t) {
    table.tHead.replaceChildren();
    table.tBodies[0].replaceChildren();
    var tr = el("tr"), td = el("td");
    td.appendChild(el("pre", {}, t));
    tr.appendChild(td);
    table.tBodies[0].appendChild(tr);
    status.textContent = "graph result";
  }

  function run() {
    if (!unchangedNamed()) { addMissingPrefixes(); }
    var q = unchangedNamed();
    var spec = q ? { named: q } : { query: getText() };
    lastRun = spec;
    status.textContent = "running…";
    downloads.hidden = true;
    window.history.replaceState(null, "", "#" + updateShare().toString());
    var request = q ? fetch(getUrl(spec), { headers: { Accept: "application/sparql-results+json" } })
      : post(spec.query, null, "application/sparql-results+json, text/turtle;q=0.9");
    request.then(function (response) {
      var truncated = response.headers.get("KG-Result-Truncated") === "true";
      if (!response.ok) {
        return response.text().then(function (msg) { throw new Error(response.status + ": " + msg); });
      }
      var graph = (response.headers.get("Content-Type") || "").indexOf("json") < 0;
      if (lastRun === spec) { showDownloads(spec, graph); }
      return graph ? response.text().then(showText) : response.json().then(function (d) { return show(d, truncated); });
    }).catch(function (err) { status.textContent = "error " + err.message; });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  named.addEventListener("change", showNamed);
  lang.addEventListener("change", updateShare);
  params.addEventListener("input", updateShare);
  text.addEventListener("input", updateShare);
  $("prefix").addEventListener("change", function (event) {
    var p = event.target.value;
    if (p && !declared(getText())[p]) { insertAtTop("PREFIX " + p + ": <" + prefixes[p] + ">\n"); }
    event.target.value = "";
  });
  window.addEventListener("hashchange", restore);
  makeEditor();
  restore();
}());
