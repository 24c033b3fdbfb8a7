// Inlined in the head of every lecture page (scripts/lectures/page.js). Formulas first,
// figures when needed: plotly.js (the file named in this script's data-plotly) is loaded
// only once MathJax has put the first formulas on screen (it typesets from the top, in
// chunks, so the rest follows while figures draw), and each figure's own script hands
// its drawing to adaptiveLrDrawLater, which draws it when it comes within a screen of
// the view.
// Printing draws every figure, at the printed width.
(function () {
  var me = document.currentScript;
  var src = (me && me.getAttribute("data-plotly")) || "plotly.min.js";
  var waiting = [];
  var ready = false;
  var observer = null;

  // One figure at a time, the one nearest the view first, each in a task of its own: a
  // figure in view is not kept waiting behind one below it (a 3-D figure can take a
  // second), and the page answers the reader between them.
  var queue = [];
  var drawing = false;
  function distanceFromView(item) {
    var div = document.getElementById(item.id);
    if (!div) return Infinity;
    var box = div.getBoundingClientRect();
    return box.bottom < 0 ? -box.bottom : box.top > innerHeight ? box.top - innerHeight : 0;
  }
  function drawNext() {
    if (drawing || queue.length === 0) return;
    queue.sort(function (a, b) { return distanceFromView(a) - distanceFromView(b); });
    var item = queue.shift();
    drawing = true;
    var finished = function () {
      drawing = false;
      setTimeout(drawNext, 0);
    };
    var result;
    try {
      result = item.draw();
    } finally {
      if (!result || typeof result.then !== "function") finished();
    }
    if (result && typeof result.then === "function") result.then(finished, finished);
  }
  function drawNow(item) {
    if (item.done) return;
    item.done = true;
    queue.push(item);
    drawNext();
  }
  // For print, which happens as soon as the handlers return: at once, every one.
  function drawAtOnce(item) {
    var i = queue.indexOf(item);
    if (i >= 0) queue.splice(i, 1);
    else if (item.done) return;
    item.done = true;
    item.draw();
  }
  function watch(item) {
    var div = document.getElementById(item.id);
    if (!div || !observer) return drawNow(item);
    div.adaptiveLrItem = item;
    observer.observe(div);
  }
  function start() {
    if (ready) return;
    ready = true;
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (!e.isIntersecting) return;
          observer.unobserve(e.target);
          drawNow(e.target.adaptiveLrItem);
        });
      }, { rootMargin: "100% 0px" });
    }
    waiting.splice(0).forEach(watch);
  }
  var loading = false;
  function loadPlotly() {
    if (loading) return;
    loading = true;
    // For tests and the bench: when plotly.js was asked for, and how many formulas were typeset by then.
    var root = document.documentElement;
    root.setAttribute("data-plotly-requested-at", performance.now().toFixed(1));
    root.setAttribute("data-formulas-typeset", String(document.querySelectorAll(".MathJax_CHTML").length));
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () {
      root.setAttribute("data-plotly-loaded-at", performance.now().toFixed(1));
      start();
    };
    s.onerror = function () {
      document.documentElement.setAttribute("data-plotly-missing", src);
    };
    document.head.appendChild(s);
  }
  // Every figure of the page, for printing.
  var all = [];
  window.adaptiveLrDrawLater = function (id, draw) {
    var item = { id: id, draw: draw, done: false };
    all.push(item);
    if (ready) watch(item);
    else waiting.push(item);
  };

  // Print: every figure drawn, each resized to the width of the printed page.
  function forPrint() {
    if (!window.Plotly) return;
    all.forEach(drawAtOnce);
    all.forEach(function (item) {
      var div = document.getElementById(item.id);
      // A figure not displayed (a 3-D one prints as its picture) keeps its size.
      if (!div || !div.data || div.offsetParent === null) return;
      var resized = window.Plotly.Plots.resize(div);
      if (resized && resized.catch) resized.catch(function () {});
    });
  }
  window.addEventListener("beforeprint", forPrint);
  window.addEventListener("afterprint", forPrint);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var onChange = function () { forPrint(); };
    if (print.addEventListener) print.addEventListener("change", onChange);
    else if (print.addListener) print.addListener(onChange);
  }

  // A 3-D figure is WebGL, which prints blank: once drawn, a picture of it is kept under
  // it, shown only in print (page.css), and taken again when the view is turned. The
  // still picture npm start made of it (which the drawing put after the figure) is that
  // picture until the view is turned; a figure without one has its picture taken now.
  function keepPrintPicture(div) {
    if (!div.querySelector(".gl-container") || div.adaptiveLrPicture) return;
    var next = div.nextElementSibling;
    while (next && next.className === "adaptive-lr-controls") next = next.nextElementSibling;
    var still = next && next.tagName === "IMG" && next.classList.contains("adaptive-lr-still") ? next : null;
    var img = still || document.createElement("img");
    img.classList.add("adaptive-lr-print");
    img.style.display = ""; // page.css shows it in print only
    img.removeAttribute("loading"); // fetched now, so it is there when printing starts
    if (!still) {
      img.alt = div.getAttribute("aria-label") || "figure";
      div.parentNode.insertBefore(img, div.nextSibling);
    }
    div.adaptiveLrPicture = img;
    var take = function () {
      window.Plotly.toImage(div, { format: "png", width: 700, height: div.clientHeight || 500 }).then(function (url) {
        img.src = url;
      });
    };
    if (!still) take();
    if (div.on) div.on("plotly_relayout", take);
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.attributeName === "data-render-ms" && window.Plotly) keepPrintPicture(r.target);
    });
  }).observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ["data-render-ms"] });

  function afterFormulas() {
    var hub = window.MathJax && window.MathJax.Hub;
    if (hub && hub.Register) {
      hub.Register.StartupHook("End", loadPlotly);
      // The first typeset formulas are painted, then plotly.js comes.
      new MutationObserver(function (_, watching) {
        if (!document.querySelector(".MathJax_CHTML")) return;
        watching.disconnect();
        requestAnimationFrame(function () { setTimeout(loadPlotly, 0); });
      }).observe(document.body || document.documentElement, { childList: true, subtree: true });
      // MathJax stuck or failing: figures come anyway.
      setTimeout(loadPlotly, 10000);
    } else {
      loadPlotly();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", afterFormulas);
  else afterFormulas();
})();
