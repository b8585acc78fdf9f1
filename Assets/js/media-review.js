// The media library's photo review: dragging on the photo draws a face box into the face form's
// empty group, or (in the other mode) a click sets the focal point's numbers. The numbers remain
// the way to do both by keyboard; this only fills them in, and the person still saves.

const review = document.querySelector("[data-review]");
const modes = document.querySelector("[data-review-modes]");
const faceForm = document.querySelector("[data-face-form]");
const focalForm = document.querySelector("[data-focal-form]");
if (review && modes && faceForm && focalForm) enhance();

function enhance() {
  modes.hidden = false;
  const overlay = review.querySelector("[data-review-overlay]");
  const width = Number(review.dataset.width);
  const height = Number(review.dataset.height);
  const newBox = faceForm.querySelector("[data-new-box]");
  const field = (group, key) => group.querySelector(`input[name$='_${key}']`);
  const mode = () => modes.querySelector("input[name=review-mode]:checked")?.value ?? "face";
  let start = null;
  let drawn = null;

  // Where the pointer is, in the image's own pixels (the SVG's coordinates).
  function point(event) {
    const box = review.getBoundingClientRect();
    const x = Math.min(Math.max(event.clientX - box.left, 0), box.width);
    const y = Math.min(Math.max(event.clientY - box.top, 0), box.height);
    return { x: Math.round((x / box.width) * width), y: Math.round((y / box.height) * height) };
  }

  review.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    const at = point(event);
    if (mode() === "focal") {
      const focal = overlay.querySelector("[data-focal]");
      focal.setAttribute("cx", at.x);
      focal.setAttribute("cy", at.y);
      field(focalForm, "x").value = ((at.x / width) * 100).toFixed(1);
      field(focalForm, "y").value = ((at.y / height) * 100).toFixed(1);
      return;
    }
    review.setPointerCapture(event.pointerId);
    start = at;
    drawn?.remove();
    drawn = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    for (const [name, value] of [["fill", "none"], ["stroke", "#22d3ee"], ["stroke-width", "3"], ["vector-effect", "non-scaling-stroke"]]) {
      drawn.setAttribute(name, value);
    }
    overlay.append(drawn);
    place(at);
  });

  review.addEventListener("pointermove", (event) => {
    if (start) place(point(event));
  });

  review.addEventListener("pointerup", (event) => {
    if (!start) return;
    const box = place(point(event));
    start = null;
    if (box.width < 4 || box.height < 4) {
      drawn.remove();
      return;
    }
    for (const key of ["x", "y", "width", "height"]) field(newBox, key).value = box[key];
    // The numbers are where the keyboard continues: the person checks them and saves.
    field(newBox, "x").focus();
  });

  function place(end) {
    const box = {
      x: Math.min(start.x, end.x),
      y: Math.min(start.y, end.y),
      width: Math.abs(end.x - start.x),
      height: Math.abs(end.y - start.y),
    };
    for (const key of ["x", "y", "width", "height"]) drawn.setAttribute(key, box[key]);
    return box;
  }
}
