// openfiu: draws a case's network with cytoscape.js (static/vendor/cytoscape.min.js).
// Reads the elements from the URL in #case-graph's data-src (same origin, session cookie).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("case-graph");
  if (!box || typeof window.cytoscape !== "function") {
    return;
  }
  var shapes = { account: "ellipse", entity: "diamond", alert: "triangle", transaction: "rectangle" };
  var colours = { account: "#1f5fa8", entity: "#6a3d9a", alert: "#d9822b", transaction: "#5d6675" };
  function say(text) {
    var p = document.createElement("p");
    p.className = "hint";
    p.textContent = text;
    box.replaceChildren(p);
  }
  fetch(box.getAttribute("data-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (elements) {
      if (!elements.length) {
        say("Nothing linked yet: escalate alerts into this case or link accounts and subjects.");
        return;
      }
      var cy = window.cytoscape({
        container: box,
        maxZoom: 1.4,
        minZoom: 0.2,
        elements: elements,
        layout: { name: "cose", animate: false, padding: 30 },
        style: [
          { selector: "node", style: {
            "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 140,
            "text-valign": "bottom", "text-margin-y": 4, "width": 22, "height": 22,
            "shape": function (n) { return shapes[n.data("kind")] || "ellipse"; },
            "background-color": function (n) { return colours[n.data("kind")] || "#999"; } } },
          { selector: "node[?listed]", style: { "border-width": 3, "border-color": "#a4161a" } },
          { selector: "node[?frozen]", style: { "background-color": "#0b7285" } },
          { selector: "edge", style: {
            "width": 1.5, "line-color": "#b8bec8", "target-arrow-color": "#b8bec8",
            "target-arrow-shape": "triangle", "curve-style": "bezier", "label": "data(label)",
            "font-size": 8, "color": "#5d6675" } }
        ]
      });
      box.setAttribute("data-nodes", String(cy.nodes().length));
    })
    .catch(function (error) { say("The network could not be drawn (" + error.message + "); the evidence table lists the same items."); });
});
