/* Beside every money input in 元 (data-money="yuan"), show the amount in 万元 as bureaus
 * read it, so a missing or extra zero is seen at once: "合 9,682.00 万元". Display only. */
(function () {
  "use strict";
  function wan(text) {
    var value = Number(String(text).replace(/[,\s，]/g, ""));
    if (!text || !isFinite(value)) { return ""; }
    var fixed = (value / 10000).toFixed(2).split(".");
    fixed[0] = fixed[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return "合 " + fixed.join(".") + " 万元";
  }
  document.querySelectorAll('input[data-money="yuan"]').forEach(function (input) {
    var hint = document.createElement("div");
    hint.className = "form-text money-hint";
    hint.setAttribute("aria-live", "polite");
    var group = input.closest(".input-group") || input;
    group.insertAdjacentElement("afterend", hint);
    function update() { hint.textContent = wan(input.value); }
    input.addEventListener("input", update);
    update();
  });
})();
