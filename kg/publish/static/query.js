// govkg query page. Written for govkg (Apache-2.0); no dependencies, no network beyond this site.
// Every value from the data is put on the page with textContent, never innerHTML; links only for http(s).
(function () {
  "use strict";
  var body = document.body;
  var endpoint = body.getAttribute("data-endpoint");
  var queriesBase = body.getAttribute("data-queries");
  var base = body.getAttribute("data-base");
  var root = body.getAttribute("data-root") || "";
  var catalogue = JSON.parse(document.getElementById("catalogue").textContent);
  var byslug = {};
  catalogue.forEach(function (q) { byslug[q.slug] = q; });
  var form = document.getElementById("query-form");
  var named = document.getElementById("named");
  var lang = document.getElementById("lang");
  var text = document.getElementById("query");
  var params = document.getElementById("params");
  var summary = document.getElementById("summary");
  var status = document.getElementById("status");
  var table = document.getElementById("results");

  function el(name, attrs, textValue) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (textValue !== undefined) { node.textContent = textValue; }
    return node;
  }

  function showNamed() {
    var q = byslug[named.value];
    params.replaceChildren();
    summary.textContent = q ? q.summary : "";
    if (!q) { return; }
    text.value = q.text;
    q.params.forEach(function (p) {
      var id = "param-" + p;
      var wrap = el("div", { "class": "row" });
      wrap.appendChild(el("label", { "for": id }, p + " (" + q.kinds[p] + ")"));
      var input = el("input", { id: id, name: p, type: "text", placeholder: q.docs[p] || "label, IRI or CURIE" });
      wrap.appendChild(input);
      params.appendChild(wrap);
    });
  }

  function hrefFor(iri) {
    if (iri.indexOf(base) === 0) {
      var path = iri.slice(base.length).split("#");
      return root + "id/" + path[0] + ".html" + (path.length > 1 ? "#" + path[1] : "");
    }
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function cell(binding) {
    var td = el("td");
    if (!binding) { return td; }
    if (binding.type === "uri") {
      var href = hrefFor(binding.value);
      td.appendChild(href ? el("a", { href: href }, binding.value) : el("code", {}, binding.value));
    } else {
      var span = el("span", {}, binding.value);
      if (binding["xml:lang"] && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(binding["xml:lang"])) {
        span.setAttribute("lang", binding["xml:lang"]);
      }
      td.appendChild(span);
    }
    return td;
  }

  function show(data, truncated) {
    var head = table.tHead, rows = table.tBodies[0];
    head.replaceChildren();
    rows.replaceChildren();
    if (data.boolean !== undefined) {
      status.textContent = "ASK: " + data.boolean;
      return;
    }
    var vars = data.head.vars;
    var tr = el("tr");
    vars.forEach(function (v) { tr.appendChild(el("th", {}, v)); });
    head.appendChild(tr);
    data.results.bindings.forEach(function (b) {
      var row = el("tr");
      vars.forEach(function (v) { row.appendChild(cell(b[v])); });
      rows.appendChild(row);
    });
    var n = data.results.bindings.length;
    status.textContent = n + (n === 1 ? " row" : " rows") + (truncated ? " (truncated)" : "");
  }

  function request() {
    var q = byslug[named.value];
    if (q && text.value === q.text) {
      var search = new URLSearchParams({ lang: lang.value });
      q.params.forEach(function (p) { search.set(p, document.getElementById("param-" + p).value); });
      return fetch(queriesBase + encodeURIComponent(q.slug) + "?" + search.toString(),
                   { headers: { Accept: "application/sparql-results+json" } });
    }
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 Accept: "application/sparql-results+json" },
      body: new URLSearchParams({ query: text.value }).toString()
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "running…";
    request().then(function (response) {
      var truncated = response.headers.get("KG-Result-Truncated") === "true";
      if (!response.ok) {
        return response.text().then(function (msg) { throw new Error(response.status + ": " + msg); });
      }
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("json") < 0) {
        return response.text().then(function (t) {
          table.tHead.replaceChildren();
          table.tBodies[0].replaceChildren();
          var tr = el("tr"); tr.appendChild(el("td", {}, t));
          table.tBodies[0].appendChild(tr);
          status.textContent = "graph result";
        });
      }
      return response.json().then(function (data) { show(data, truncated); });
    }).catch(function (err) { status.textContent = "error " + err.message; });
  });
  named.addEventListener("change", showNamed);
  var wanted = new URLSearchParams(window.location.search).get("named");
  if (wanted && byslug[wanted]) { named.value = wanted; showNamed(); }
}());
