/** Virtual time as seconds with milliseconds: "12.345 s". */
export function formatVirtualTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}
