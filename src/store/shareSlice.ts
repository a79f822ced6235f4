import type { AppSlice, ShareSlice, SliceContext } from './slices';

export function createShareSlice(_ctx: SliceContext): AppSlice<ShareSlice> {
  return () => ({
    async createShareLink() {
      return { ok: false, message: 'Sharing is being built' };
    },
    async createEmbedCode() {
      return { ok: false, message: 'Sharing is being built' };
    },
    async exportSession() {
      return { ok: false, message: 'Export is being built' };
    },
  });
}
