"""Block-by-block resampling for a live stream (a device that cannot capture at 16 kHz).

`wavfile.resample` works on a whole signal; resampling each block on its own would click at
every block edge. This keeps the filter history and the fractional read position between
blocks, so the concatenated output equals resampling the whole stream at once (the last
half filter length of input is emitted once more input follows).
"""

from __future__ import annotations

import numpy as np

HALF_TAPS = 32


class StreamResampler:
    """Converts successive mono blocks from `rate_in` to `rate_out` (float in, float out)."""

    def __init__(self, rate_in: int, rate_out: int) -> None:
        self.rate_in = rate_in
        self.rate_out = rate_out
        self.step = rate_in / rate_out
        if rate_out < rate_in:
            # Same windowed-sinc low-pass as wavfile.resample: keep below the new Nyquist.
            cutoff = 0.45 * rate_out / rate_in
            taps = np.arange(-HALF_TAPS, HALF_TAPS + 1)
            kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(len(taps))
            self.kernel: np.ndarray | None = kernel / kernel.sum()
            self.history = np.zeros(2 * HALF_TAPS, dtype=np.float64)
        else:
            self.kernel = None
            self.history = np.zeros(0, dtype=np.float64)
        self.pending = np.zeros(0, dtype=np.float64)  # filtered input not yet interpolated
        # Where the next output sample falls, in `pending` samples. The zero history puts
        # input sample 0 at filtered index HALF_TAPS: start there, so output is not delayed.
        self.position = float(HALF_TAPS) if self.kernel is not None else 0.0

    def process(self, block: np.ndarray) -> np.ndarray:
        """Resample one block; output lengths add up to the input length times the ratio."""
        x = np.asarray(block, dtype=np.float64)
        if self.rate_in == self.rate_out:
            return x.astype(np.float32)
        if self.kernel is not None:
            padded = np.concatenate([self.history, x])
            self.history = padded[-2 * HALF_TAPS:]
            x = np.convolve(padded, self.kernel, mode="valid")
        buf = np.concatenate([self.pending, x])
        # Interpolate every output position whose right neighbour is already here.
        last = len(buf) - 1
        if last < 1 or self.position > last - 1:
            self.pending = buf
            return np.zeros(0, dtype=np.float32)
        count = int(np.floor((last - 1 - self.position) / self.step)) + 1
        positions = self.position + np.arange(count) * self.step
        out = np.interp(positions, np.arange(len(buf)), buf)
        next_position = self.position + count * self.step
        keep_from = min(int(np.floor(next_position)), len(buf))
        self.pending = buf[keep_from:]
        self.position = next_position - keep_from
        return out.astype(np.float32)
