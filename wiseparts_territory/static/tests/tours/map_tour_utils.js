/** @odoo-module **/

/** Drag on the map canvas from one pixel to another, as a hand draws a rectangle. */
export function dragOnMap(from, to) {
    const map = document.querySelector(".o_wiseparts_map_canvas");
    const box = map.getBoundingClientRect();
    const fire = (type, [x, y]) =>
        map.dispatchEvent(
            new MouseEvent(type, {
                bubbles: true,
                clientX: box.left + x,
                clientY: box.top + y,
                button: 0,
                which: 1,
            })
        );
    fire("mousedown", from);
    fire("mousemove", [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]);
    fire("mousemove", to);
    fire("mouseup", to);
}
