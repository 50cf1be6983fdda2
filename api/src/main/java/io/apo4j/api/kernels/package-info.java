/**
 * Fast numeric helpers shared by the project's modules: matrix products straight into the
 * OpenBLAS that ND4J bundles, and fused elementwise loops over the arrays' memory. ND4J's own
 * per-op dispatch costs tens of microseconds, more than the arithmetic of most layers of a small
 * network; these helpers skip it. Not part of the stable SPI:
 * every public type here is {@link io.apo4j.api.Internal}.
 */
package io.apo4j.api.kernels;
