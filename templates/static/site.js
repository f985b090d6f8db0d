// "/" focuses the search box unless the reader is typing
addEventListener("keydown",function(e){var b=document.querySelector("main [type=search]")||document.getElementById("find-q"),a=document.activeElement;
if(e.key!="/"||!b||e.ctrlKey||e.metaKey||e.altKey||a&&(a.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)))return;e.preventDefault();b.focus()})
