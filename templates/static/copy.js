// Copy buttons on the subscribe page: shown only where the clipboard can be written.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    button.hidden = false;
    var label = button.firstChild.nodeValue;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.firstChild.nodeValue = button.dataset.done;
        setTimeout(function () { button.firstChild.nodeValue = label; }, 2000);
      });
    });
  });
})();
