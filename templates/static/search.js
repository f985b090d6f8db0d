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
});
