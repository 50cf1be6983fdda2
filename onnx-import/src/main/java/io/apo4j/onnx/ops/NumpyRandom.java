package io.apo4j.onnx.ops;

/**
 * The uniform doubles of numpy's legacy generator ({@code np.random.seed(s)} then
 * {@code np.random.uniform(0, 1, n)}): Mersenne Twister MT19937 seeded by init_genrand, 53-bit
 * doubles from two 32-bit draws. ONNX's reference Dropout draws its mask this way from the node's
 * seed attribute, so a graph that asks for dropout with a fixed seed gets the same mask here.
 */
final class NumpyRandom {
  private static final int N = 624;
  private static final int M = 397;
  private final int[] mt = new int[N];
  private int index = N;

  NumpyRandom(long seed) {
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
  }

  /** A double uniform in [0, 1), as numpy's random_sample. */
  double nextDouble() {
    long a = (nextInt() & 0xffffffffL) >>> 5;
    long b = (nextInt() & 0xffffffffL) >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  private int nextInt() {
    if (index >= N) {
      twist();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return y ^ (y >>> 18);
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
    }
    index = 0;
  }
}
