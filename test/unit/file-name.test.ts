import { describe, expect, it } from 'vitest';
import { exportFileName } from '../../src/shared/recording/file-name';

describe('the name offered for an export', () => {
  it('reads as a file name: words joined by dashes, then which recording it is', () => {
    expect(exportFileName({ id: 1, targetName: 'math-game pid 14492' }, 'arthasrec')).toBe('math-game-pid-14492-recording-1.arthasrec');
    expect(exportFileName({ id: 7, name: 'checkout "incident" / prod', targetName: 'x' }, 'html')).toBe('checkout-incident-prod-recording-7.html');
    expect(exportFileName({ id: 3, name: '订单 服务 · 生产' }, 'arthasrec')).toBe('订单-服务-生产-recording-3.arthasrec');
    expect(exportFileName({ id: 2, name: '../../etc/passwd' }, 'arthasrec')).toBe('etc-passwd-recording-2.arthasrec');
    expect(exportFileName({ id: 4, name: '   ' }, 'arthasrec')).toBe('recording-4.arthasrec');
    expect(exportFileName({ id: 5, name: 'checkout fleet' }, 'arthasrec', 'fleet')).toBe('checkout-fleet-fleet-5.arthasrec');
  });
});
