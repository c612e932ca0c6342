// The call's mindmap as a tidy tree (d3-hierarchy lays it out, d3-selection joins it to the SVG).
// A new version updates the drawing in place: node and link elements are kept by their node id,
// so a node that stays keeps its element (and its focus), new ones are added, gone ones removed.
import { hierarchy, tree } from '/webjars/d3-hierarchy/src/index.js';
import { select } from '/webjars/d3-selection/src/index.js';

const ROW = 34; // vertical distance between sibling nodes
const COLUMN = 270; // horizontal distance between depths
const MAX_LABEL = 30;

function shortLabel(label) {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

/**
 * A mindmap view in {@code svgElement}; {@code onSelect(node)} is told the node a user picked
 * (click, Enter or Space), with its citations.
 */
export function mindmap(svgElement, onSelect) {
  const svg = select(svgElement);
  const links = svg.append('g').attr('class', 'links');
  const nodes = svg.append('g').attr('class', 'nodes');
  let selectedId;

  const choose = (event, d) => {
    selectedId = d.data.id;
    nodes.selectAll('g.node')
      .classed('selected', (n) => n.data.id === selectedId)
      .attr('aria-pressed', (n) => String(n.data.id === selectedId));
    onSelect(d.data);
  };

  /** Draws {@code root} (a MindmapNode: id, label, citations, children). */
  function update(root) {
    const layout = tree().nodeSize([ROW, COLUMN])(hierarchy(root, (node) => node.children));
    const all = layout.descendants();
    let top = Infinity;
    let bottom = -Infinity;
    let right = 0;
    for (const d of all) {
      top = Math.min(top, d.x);
      bottom = Math.max(bottom, d.x);
      right = Math.max(right, d.y);
    }
    svg.attr('viewBox', `-10 ${top - ROW} ${right + COLUMN + 20} ${bottom - top + 2 * ROW}`)
      .attr('aria-label', `Mindmap: ${all.length} topics`);

    links.selectAll('path.link')
      .data(layout.links(), (link) => link.target.data.id)
      .join('path')
      .attr('class', 'link')
      .attr('d', (link) => {
        const { x: x0, y: y0 } = link.source;
        const { x: x1, y: y1 } = link.target;
        const middle = (y0 + y1) / 2;
        return `M${y0},${x0}C${middle},${x0} ${middle},${x1} ${y1},${x1}`;
      });

    nodes.selectAll('g.node')
      .data(all, (d) => d.data.id)
      .join((enter) => {
        const g = enter.append('g')
          .attr('class', 'node')
          .attr('data-node-id', (d) => d.data.id)
          .attr('tabindex', 0)
          .attr('role', 'button')
          .on('click', choose)
          .on('keydown', (event, d) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              choose(event, d);
            }
          });
        g.append('circle').attr('r', 5);
        g.append('text').attr('dy', '0.32em').attr('x', 9);
        g.append('title');
        return g;
      })
      .attr('transform', (d) => `translate(${d.y},${d.x})`)
      .attr('aria-pressed', (d) => String(d.data.id === selectedId))
      .attr('aria-label', (d) => `${d.data.label}, ${d.data.citations.length} cited lines`)
      .classed('selected', (d) => d.data.id === selectedId)
      .classed('root', (d) => d.depth === 0)
      .call((g) => g.select('text').text((d) => shortLabel(d.data.label)))
      .call((g) => g.select('title').text((d) => d.data.label));
  }

  return { update };
}
