import { useEffect, useRef } from 'react';
import { useAppStoreApi } from '../store';
import { createClusterScene } from '../viz/clusterScene';
import { layoutCluster } from '../viz/clusterLayout';
import { usePrefersReducedMotion } from './usePrefersReducedMotion';

/**
 * The cluster picture. React renders the `<svg>` frame once; the D3 scene draws inside it on
 * every published snapshot, read through `subscribe` rather than React state, so a frame of
 * playback costs one layout and one keyed join per layer, not a React render.
 */
export function ClusterView() {
  const store = useAppStoreApi();
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const sceneRef = useRef<SVGGElement>(null);
  const reducedMotion = usePrefersReducedMotion();

  useEffect(() => {
    const container = containerRef.current;
    const svg = svgRef.current;
    const root = sceneRef.current;
    if (container === null || svg === null || root === null) return;
    const scene = createClusterScene(root);
    let width = container.clientWidth;
    const draw = (): void => {
      const s = store.getState().snapshot;
      svg.style.display = s === null ? 'none' : '';
      if (s === null) return;
      const layout = layoutCluster(s, { width });
      svg.setAttribute('width', String(layout.width));
      svg.setAttribute('height', String(layout.height));
      svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
      scene.render(layout, s, { showFlights: !reducedMotion });
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.snapshot !== previous.snapshot) draw();
    });
    const resize =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(() => {
            if (container.clientWidth !== width) {
              width = container.clientWidth;
              draw();
            }
          })
        : null;
    resize?.observe(container);
    draw();
    return () => {
      unsubscribe();
      resize?.disconnect();
      root.replaceChildren();
    };
  }, [store, reducedMotion]);

  return (
    <div ref={containerRef} className="cluster-view">
      <svg ref={svgRef} className="cluster" role="group" aria-label="Cluster">
        <g ref={sceneRef} />
      </svg>
    </div>
  );
}
