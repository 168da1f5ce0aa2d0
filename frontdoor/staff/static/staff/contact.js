// Progressive enhancement for the assisted-contact screen (it works without this):
// Enter in a search box presses that box's own button. Without JavaScript, Enter
// presses the form's hidden first button and the server works out which box changed.
for (const input of document.querySelectorAll("[data-enter]")) {
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) {
      return;
    }
    const button = document.getElementById(input.dataset.enter);
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
}
