package io.apo4j.host.data;

/** The file layouts a dataset can be read from. */
public enum DataFormat {
  /** MNIST-style IDX files (images + labels), plain or gzip-compressed. */
  IDX,
  /** A CSV file with a header; one column is the target. */
  CSV,
  /** The Fashion-MNIST subset shipped inside the host jar. */
  EMBEDDED
}
