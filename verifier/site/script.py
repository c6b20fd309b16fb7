"""The index page's only script: sort the reports table by a column, filter it by name, show only
failing reports. Inline, and allowed by its hash alone (`script-src 'sha256-…'`), so nothing
else can run even if a value ever escaped. Without script the table is complete, failing first.
"""

from __future__ import annotations

import base64
import hashlib

SCRIPT = """
(function () {
  var table = document.getElementById("reports");
  var body = table.tBodies[0];
  var controls = document.getElementById("controls");
  var query = document.getElementById("q");
  var onlyFailing = document.getElementById("failing-only");
  var shown = document.getElementById("shown");
  controls.hidden = false;
  function value(row, i) {
    var cell = row.cells[i];
    return cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
  }
  function filter() {
    var q = query.value.toLowerCase(), n = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var hide = (q && row.getAttribute("data-name").indexOf(q) < 0) ||
        (onlyFailing.checked && row.getAttribute("data-failing") === "0");
      row.hidden = hide;
      if (!hide) { n += 1; }
    });
    shown.textContent = n + " of " + body.rows.length + " reports shown";
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    var kind = th.getAttribute("data-sort");
    if (!kind) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    button.className = "sort";
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var desc = th.getAttribute("aria-sort") === "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(a, i), y = value(b, i), c;
        if (kind === "num") { c = Number(x) - Number(y); } else { c = x.localeCompare(y); }
        return desc ? -c : c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  query.addEventListener("input", filter);
  onlyFailing.addEventListener("change", filter);
  filter();
})();
"""


def script_hash(script: str = SCRIPT) -> str:
    """The CSP source that allows exactly this script text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


# Pages with no script at all (report and document pages) get the same policy as report.html.
CSP_NO_SCRIPT = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CSP_INDEX = f"{CSP_NO_SCRIPT}; script-src {script_hash()}"
