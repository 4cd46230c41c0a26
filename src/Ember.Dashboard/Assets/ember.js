// Ember dashboard: the little the server can't do. Local times, the live graph (polls one small JSON endpoint), lists
// that refresh when their count changes, history charts, selection checkboxes, confirmations and the progress of
// background actions. No library, no build.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var numberFormat = new Intl.NumberFormat();

  // ---- Times: the server writes UTC; the visitor reads their own time zone, and how long ago.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function localText(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }
  function relative(ms) {
    var s = Math.round(Math.abs(ms) / 1000), future = ms > 0, text;
    if (s < 5) return "just now";
    if (s < 60) text = s + " s";
    else if (s < 3600) text = Math.round(s / 60) + " min";
    else if (s < 86400) text = Math.round(s / 3600) + " h";
    else text = Math.round(s / 86400) + " d";
    return future ? "in " + text : text + " ago";
  }
  function updateTimes() {
    var now = Date.now();
    document.querySelectorAll("time[datetime]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (isNaN(d)) return;
      el.textContent = localText(d) + " (" + relative(d.getTime() - now) + ")";
      el.title = d.toString() + "\n" + el.getAttribute("datetime");
    });
    var clock = document.getElementById("clock");
    if (clock) clock.textContent = localText(new Date());
  }

  // ---- Charts: inline SVG, two series (succeeded, failed), lines or paired bars.
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function niceMax(value) {
    if (value <= 0) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(value))), scaled = value / power;
    return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
  }
  function formatAxis(v) { return v >= 1000 ? numberFormat.format(Math.round(v)) : (Math.round(v * 10) / 10).toString(); }

  // spec: { labels: [text per point], ok: [numbers], bad: [numbers], bars: bool, tips: [text per point],
  //         sparse: bool (labels are already few: draw every one) }
  function draw(container, spec) {
    var width = container.clientWidth || 600, height = container.clientHeight || 180;
    var left = 44, right = 8, top = 8, bottom = 22;
    var w = width - left - right, h = height - top - bottom, n = spec.ok.length;
    // Three gridlines at round steps (1, 2, 5 × 10^k); counts get whole steps.
    var stepValue = niceMax(Math.max.apply(null, spec.ok.concat(spec.bad, [0])) / 3);
    if (spec.bars) stepValue = Math.max(1, stepValue);
    var max = stepValue * 3;
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": container.getAttribute("aria-label") || "chart" });
    for (var g = 0; g <= 3; g++) {
      var y = top + h - (h * g) / 3;
      el("line", { x1: left, x2: left + w, y1: y, y2: y, "class": "grid" }, svg);
      el("text", { x: left - 6, y: y + 3, "text-anchor": "end", "class": "axis" }, svg).textContent = formatAxis((max * g) / 3);
    }
    var step = n > 1 ? w / (spec.bars ? n : n - 1) : w;
    var labelEvery = spec.sparse ? 1 : Math.max(1, Math.ceil(n / Math.max(1, Math.floor(w / 60))));
    spec.labels.forEach(function (label, i) {
      if (!label || i % labelEvery !== 0) return;
      var x = left + (spec.bars ? step * i + step / 2 : step * i);
      el("text", { x: x, y: height - 6, "text-anchor": "middle", "class": "axis" }, svg).textContent = label;
    });
    function yOf(v) { return top + h - (h * v) / max; }
    if (spec.bars) {
      var bw = Math.max(1, step / 2 - 2);
      for (var i = 0; i < n; i++) {
        var x0 = left + step * i + 1;
        var okBar = el("rect", { x: x0, y: yOf(spec.ok[i]), width: bw, height: Math.max(0, top + h - yOf(spec.ok[i])), "class": "ok" }, svg);
        var badBar = el("rect", { x: x0 + bw, y: yOf(spec.bad[i]), width: bw, height: Math.max(0, top + h - yOf(spec.bad[i])), "class": "bad" }, svg);
        if (spec.tips) { el("title", {}, okBar).textContent = spec.tips[i]; el("title", {}, badBar).textContent = spec.tips[i]; }
      }
    } else if (n > 0) {
      [["ok", spec.ok], ["bad", spec.bad]].forEach(function (series) {
        var points = series[1].map(function (v, i) { return [left + (n > 1 ? step * i : w), yOf(v)]; });
        var line = points.map(function (p, i) { return (i ? "L" : "M") + p[0].toFixed(1) + " " + p[1].toFixed(1); }).join(" ");
        el("path", { d: line + " L" + points[points.length - 1][0].toFixed(1) + " " + (top + h) + " L" + points[0][0].toFixed(1) + " " + (top + h) + " Z", "class": "area " + series[0] }, svg);
        el("path", { d: line, "class": "line " + series[0] }, svg);
      });
    }
    container.replaceChildren(svg);
  }

  // ---- Live graph: poll the statistics (one cheap store query), rates per second from the running totals. The page
  // brings the totals of the last minutes, sampled by the server in the background, so the graph opens full. Times
  // are the server's (each poll says when it read), so a browser clock that is off doesn't bend the graph.
  function live(onCounts) {
    var chart = document.getElementById("live-chart");
    var counters = document.querySelectorAll("[data-count]");
    if (!chart && counters.length === 0 && !onCounts) return;
    var url = document.body.getAttribute("data-root") + "/api/stats";
    var interval = parseInt(document.body.getAttribute("data-interval"), 10) || 2000;
    var windowMs = 5 * 60 * 1000, segments = [], last = null, offset = 0, seeded = 0;

    // A segment: the average rates between two readings of the totals.
    function addSegment(point) {
      if (last && point.t > last.t) {
        var seconds = (point.t - last.t) / 1000;
        segments.push({ from: last.t, to: point.t, ok: Math.max(0, (point.s - last.s) / seconds), bad: Math.max(0, (point.f - last.f) / seconds) });
        while (segments.length && segments[0].to < point.t - windowMs) segments.shift();
      }
      if (!last || point.t > last.t) last = point;
    }
    if (chart) {
      (chart.getAttribute("data-recent") || "").split(";").filter(Boolean).forEach(function (item) {
        var p = item.split(","); addSegment({ t: +p[0], s: +p[1], f: +p[2] });
      });
      var at = parseInt(chart.getAttribute("data-at"), 10);
      if (at) { addSegment({ t: at, s: +chart.getAttribute("data-succeeded"), f: +chart.getAttribute("data-failed") }); offset = at - Date.now(); }
      seeded = segments.length;
      chart.setAttribute("data-seeded", String(seeded));
    }

    function valueAt(time) {
      for (var j = segments.length - 1; j >= 0; j--) if (segments[j].from < time && time <= segments[j].to) return segments[j];
      // The moments since the last reading: its rate, until the next poll says otherwise.
      var newest = segments[segments.length - 1];
      return newest && time > newest.to && time - newest.to <= interval * 1.5 ? newest : null;
    }
    function render() {
      if (!chart) return;
      var now = Date.now() + offset, points = Math.round(windowMs / interval), ok = [], bad = [], labels = [], peak = 0;
      // Fixed slots over the window so the graph scrolls steadily; a slot no reading covers is zero.
      for (var i = 0; i < points; i++) {
        var found = valueAt(now - (points - 1 - i) * interval);
        ok.push(found ? found.ok : 0); bad.push(found ? found.bad : 0);
        peak = Math.max(peak, found ? found.ok + found.bad : 0);
        // A label where the slots cross a whole minute before now.
        var msAgo = (points - 1 - i) * interval, minute = Math.floor(msAgo / 60000);
        labels.push(msAgo === 0 ? "now" : minute > Math.floor((msAgo - interval) / 60000) && minute > 0 ? "-" + minute + " min" : "");
      }
      chart.setAttribute("data-peak", String(Math.round(peak * 1000) / 1000));
      draw(chart, { labels: labels, ok: ok, bad: bad, bars: false, sparse: true });
    }
    function setText(node, value) {
      var text = numberFormat.format(value);
      if (node.textContent !== text) { node.textContent = text; node.classList.remove("bump"); void node.offsetWidth; node.classList.add("bump"); }
    }
    function showRates() {
      var latest = segments[segments.length - 1];
      if (!latest) return;
      var okRate = document.getElementById("live-succeeded"), badRate = document.getElementById("live-failed");
      if (okRate) okRate.textContent = (Math.round(latest.ok * 10) / 10).toString();
      if (badRate) badRate.textContent = (Math.round(latest.bad * 10) / 10).toString();
    }
    function poll() {
      fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (s) {
        if (!s) return;
        offset = s.at - Date.now();
        addSegment({ t: s.at, s: s.succeeded, f: s.failed });
        showRates();
        counters.forEach(function (node) { var v = s.counts[node.getAttribute("data-count")]; if (v !== undefined) setText(node, v); });
        document.querySelectorAll("[data-total]").forEach(function (node) { setText(node, s[node.getAttribute("data-total")]); });
        if (onCounts) onCounts(s.counts);
        render();
      }).catch(function () { /* the next poll tries again */ });
    }
    showRates();
    render();
    poll();
    setInterval(function () { if (!document.hidden) poll(); }, interval);
    window.addEventListener("resize", render);
  }

  // ---- Live lists: when the count of the list's state changes, the list is read again and its regions (title,
  // filters, rows, pager) replaced in place; the ticked jobs stay ticked, the scroll position and the search box as
  // they were.
  function liveList() {
    var content = document.querySelector("[data-live-state]");
    if (!content) return null;
    var state = content.getAttribute("data-live-state"), seen = parseInt(content.getAttribute("data-live-count"), 10);
    var busy = false, again = false, refreshes = 0;
    function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      fetch(location.href, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.ok ? r.text() : null; }).then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, "text/html");
        var ticked = {};
        document.querySelectorAll("input[type=checkbox][name=id]:checked").forEach(function (b) { ticked[b.value] = true; });
        var x = window.scrollX, y = window.scrollY;
        document.querySelectorAll("[data-live]").forEach(function (region) {
          var next = fresh.querySelector("[data-live='" + region.getAttribute("data-live") + "']");
          if (next) region.innerHTML = next.innerHTML;
        });
        document.querySelectorAll("input[type=checkbox][name=id]").forEach(function (b) { if (ticked[b.value]) b.checked = true; });
        window.scrollTo(x, y);
        updateTimes();
        updateSelection();
        content.setAttribute("data-refreshed", String(++refreshes));
      }).catch(function () { /* the next change tries again */ }).then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
    }
    return function (counts) {
      var n = counts[state];
      if (n === undefined || n === seen) return;
      seen = n;
      refresh();
    };
  }

  // ---- A running job's page: its report (progress, log) and history are read again every second while it runs.
  function liveJob() {
    var report = document.querySelector("[data-live-job]");
    if (!report) return;
    var timer = setInterval(function () {
      if (document.hidden) return;
      fetch(location.href, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.ok ? r.text() : null; }).then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, "text/html");
        ["report", "history"].forEach(function (name) {
          var region = document.querySelector("[data-job-region='" + name + "']"), next = fresh.querySelector("[data-job-region='" + name + "']");
          if (region && next) region.innerHTML = next.innerHTML;
        });
        updateTimes();
        if (!fresh.querySelector("[data-live-job]")) clearInterval(timer);
      }).catch(function () { /* the next tick tries again */ });
    }, 1000);
  }

  // ---- History: hourly counts from the page, drawn per hour (last 24) and per local day (last 7).
  function history() {
    var holder = document.querySelector("[data-hourly]");
    if (!holder) return;
    var hours = holder.getAttribute("data-hourly").split(";").filter(Boolean).map(function (item) {
      var p = item.split(","); return { t: new Date(parseInt(p[0], 10) * 1000), ok: +p[1], bad: +p[2] };
    });
    function render() {
      var day = hours.slice(-24);
      var dayChart = document.getElementById("chart-day");
      if (dayChart) draw(dayChart, {
        labels: day.map(function (h) { return pad(h.t.getHours()) + ":00"; }), ok: day.map(function (h) { return h.ok; }), bad: day.map(function (h) { return h.bad; }), bars: true,
        tips: day.map(function (h) { return localText(h.t).slice(0, 16) + ": " + numberFormat.format(h.ok) + " succeeded, " + numberFormat.format(h.bad) + " failed"; })
      });
      var days = [], byKey = {};
      hours.forEach(function (h) {
        var key = h.t.getFullYear() + "-" + pad(h.t.getMonth() + 1) + "-" + pad(h.t.getDate());
        if (!byKey[key]) { byKey[key] = { key: key, ok: 0, bad: 0 }; days.push(byKey[key]); }
        byKey[key].ok += h.ok; byKey[key].bad += h.bad;
      });
      days = days.slice(-7);
      var weekChart = document.getElementById("chart-week");
      if (weekChart) draw(weekChart, {
        labels: days.map(function (d) { return d.key.slice(5); }), ok: days.map(function (d) { return d.ok; }), bad: days.map(function (d) { return d.bad; }), bars: true,
        tips: days.map(function (d) { return d.key + ": " + numberFormat.format(d.ok) + " succeeded, " + numberFormat.format(d.bad) + " failed"; })
      });
    }
    render();
    window.addEventListener("resize", render);
  }

  // ---- Selection: select all on the page, a count, buttons that need a selection. Listened to on the document, so
  // rows that a live refresh brings in work as the first ones did.
  function updateSelection() {
    document.querySelectorAll("form[id]").forEach(function (form) {
      // getAttribute, not form.id: the checkboxes named "id" belong to the form and shadow its id property.
      var boxes = document.querySelectorAll("input[type=checkbox][name=id][form='" + form.getAttribute("id") + "']");
      var all = document.querySelector("[data-select-all]");
      var label = form.querySelector("[data-selection]");
      var n = 0; boxes.forEach(function (b) { if (b.checked) n++; });
      if (label) label.textContent = n + " selected";
      form.querySelectorAll("[data-needs-selection]").forEach(function (b) { b.disabled = n === 0; });
      if (all && boxes.length) { all.checked = n === boxes.length; all.indeterminate = n > 0 && n < boxes.length; }
    });
  }
  function selection() {
    document.addEventListener("change", function (e) {
      var target = e.target;
      if (!target.matches) return;
      if (target.matches("[data-select-all]"))
        document.querySelectorAll("input[type=checkbox][name=id]").forEach(function (b) { b.checked = target.checked; });
      if (target.matches("[data-select-all], input[type=checkbox][name=id]")) updateSelection();
    });
    updateSelection();
  }

  // ---- Confirmation before destructive actions.
  function confirmations() {
    document.addEventListener("click", function (e) {
      var button = e.target.closest ? e.target.closest("[data-confirm]") : null;
      if (button && !window.confirm(button.getAttribute("data-confirm"))) e.preventDefault();
    });
  }

  // ---- Progress of an action on a whole list, running in the background on the server.
  function operation() {
    var notice = document.querySelector("[data-operation]");
    if (!notice) return;
    var url = notice.getAttribute("data-operation"), text = notice.querySelector(".text"), spinner = notice.querySelector(".spinner");
    function poll() {
      fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.json(); }).then(function (op) {
        var done = numberFormat.format(op.done || 0), total = numberFormat.format(op.collected || 0);
        if (op.phase === "collecting") text.textContent = op.description + ": finding jobs…";
        else if (op.phase === "acting") text.textContent = op.description + ": " + done + " done so far";
        else if (op.phase === "done") text.textContent = op.description + ": done, " + done + " of " + total + (op.missed ? " (" + numberFormat.format(op.missed) + " had moved on or were gone)" : "") + ".";
        else { text.textContent = op.description ? op.description + ": " + (op.error || "stopped") : "This operation is over."; notice.classList.add("error"); }
        if (op.phase === "collecting" || op.phase === "acting") setTimeout(poll, 1000);
        else { if (spinner) spinner.remove(); notice.setAttribute("data-finished", op.phase); }
      }).catch(function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    updateTimes();
    setInterval(updateTimes, 10000);
    live(liveList());
    liveJob();
    history();
    selection();
    confirmations();
    operation();
  });
})();
