// Starts Pagefind's search box; the page says where its bundle is and what to prompt.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    showSubResults: false,
    showImages: false,
    translations: { placeholder: box.dataset.placeholder }
  });
  // Pagefind labels its input only with a title; tie it to the page's visible label instead.
  var label = document.getElementById("search-label");
  var tie = function () {
    var input = box.querySelector("input");
    if (!input || !label) return false;
    input.id = "search-input";
    label.htmlFor = "search-input";
    return true;
  };
  if (!tie()) new MutationObserver(function (_, obs) { if (tie()) obs.disconnect(); }).observe(box, { childList: true, subtree: true });
});
