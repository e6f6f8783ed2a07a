/* govkg pages: the language switch (繁體, 简体, English). Written for govkg (Apache-2.0); nothing is fetched.
   Each label is on the page in the three languages (kg/publish/words.py); the style sheet shows those of the language
   <html data-ui> names. This script sets it from the reader's choice: a switch link (#ui-en), ?lang=en in the address,
   or the choice kept from an earlier page (localStorage); with none, the page's own default (its report's script). */
(function () {
  "use strict";
  var KEY = "govkg-lang";
  var LANGS = { "zh-hant": "zh-Hant", "zh-hans": "zh-Hans", "en": "en" };
  var root = document.documentElement;

  function known(value) {
    return value ? LANGS[String(value).toLowerCase()] || null : null;
  }
  function fromHash() {
    var match = /^#ui-(.+)$/.exec(window.location.hash);
    return match ? known(match[1]) : null;
  }
  function fromQuery() {
    try { return known(new URLSearchParams(window.location.search).get("lang")); } catch (e) { return null; }
  }
  function stored() {
    try { return known(window.localStorage.getItem(KEY)); } catch (e) { return null; }
  }
  function keep(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode, file:// without storage */ }
  }
  function show(lang) {
    root.setAttribute("data-ui", lang);
    root.setAttribute("lang", lang);
  }
  function choose(lang) {
    if (lang) {
      show(lang);
      keep(lang);
    }
  }

  var first = fromHash() || fromQuery();
  if (first) {
    choose(first);
  } else if (stored()) {
    show(stored());
  }
  window.addEventListener("hashchange", function () { choose(fromHash()); });
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[data-lang]") : null;
    if (link) {
      choose(known(link.getAttribute("data-lang")));
    }
  });
})();
